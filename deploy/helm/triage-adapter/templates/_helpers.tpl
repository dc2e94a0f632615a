{{/* Names and labels. */}}
{{- define "triage-adapter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "triage-adapter.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "triage-adapter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "triage-adapter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "triage-adapter.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "triage-adapter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "triage-adapter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "triage-adapter.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "triage-adapter.secretName" -}}
{{- default (include "triage-adapter.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* Adapter:Store, set by the chart from postgres.enabled. */}}
{{- define "triage-adapter.store" -}}
{{- if .Values.postgres.enabled -}}postgres{{- else -}}sqlite{{- end -}}
{{- end -}}

{{/* Adapter:DrainTimeout ([d.]hh:mm:ss[.fffffff]) in whole seconds, rounded up. */}}
{{- define "triage-adapter.drainSeconds" -}}
{{- $raw := toString (.Values.config.Adapter.DrainTimeout | default "00:00:20") -}}
{{- $days := 0 -}}
{{- $clock := $raw -}}
{{- if regexMatch "^[0-9]+\\." $raw -}}
{{- $days = regexFind "^[0-9]+" $raw | atoi -}}
{{- $clock = regexReplaceAll "^[0-9]+\\." $raw "" -}}
{{- end -}}
{{- $parts := splitList ":" $clock -}}
{{- if ne (len $parts) 3 -}}
{{- fail (printf "config.Adapter.DrainTimeout %q is not a [d.]hh:mm:ss duration" $raw) -}}
{{- end -}}
{{- $seconds := index $parts 2 | float64 | ceil | int -}}
{{- add (mul $days 86400) (mul (index $parts 0 | atoi) 3600) (mul (index $parts 1 | atoi) 60) $seconds -}}
{{- end -}}

{{/*
Every rule the values must satisfy; templates/validate.yaml includes it so that it runs on
every render whatever else is switched on or off.
*/}}
{{- define "triage-adapter.validate" -}}
{{- $replicas := int .Values.replicaCount -}}
{{- if and (gt $replicas 1) (not .Values.postgres.enabled) -}}
{{- fail (printf "replicaCount is %d, but more than one replica needs the PostgreSQL store (set postgres.enabled=true and the connection string): the default SQLite store is a file inside one pod, so every replica would keep its own inbox, watermark and record of what the adapter wrote, poll the same incidents and triage them more than once." $replicas) -}}
{{- end -}}
{{- if and .Values.postgres.enabled (not .Values.secrets.existingSecret) (not .Values.secrets.postgresConnectionString) -}}
{{- fail "postgres.enabled is true, but there is no connection string: set secrets.postgresConnectionString, or secrets.existingSecret naming a Secret with the key postgres-connection-string." -}}
{{- end -}}
{{- if and .Values.cronJob.enabled (not .Values.postgres.enabled) (not .Values.persistence.enabled) -}}
{{- fail "cronJob.enabled needs state that outlives a run: set postgres.enabled=true or persistence.enabled=true. With an emptyDir every run would start from an empty SQLite store, forget its watermark and what it wrote, and overwrite fields that people changed since." -}}
{{- end -}}
{{- $drain := include "triage-adapter.drainSeconds" . | atoi -}}
{{- if le (int .Values.terminationGracePeriodSeconds) $drain -}}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be greater than config.Adapter.DrainTimeout (%d s), or the kubelet kills the adapter while it is still draining in-flight tickets." (int .Values.terminationGracePeriodSeconds) $drain) -}}
{{- end -}}
{{- if .Values.networkPolicy.enabled -}}
{{- if and .Values.config.ServiceNow.Enabled (empty .Values.networkPolicy.itsm.cidrs) (empty .Values.networkPolicy.extraEgress) -}}
{{- fail "networkPolicy.enabled with config.ServiceNow.Enabled needs networkPolicy.itsm.cidrs (the instance's address ranges) or a networkPolicy.extraEgress rule; otherwise the policy would block every call to ServiceNow." -}}
{{- end -}}
{{- if and .Values.postgres.enabled (empty .Values.networkPolicy.database.cidrs) (empty .Values.networkPolicy.extraEgress) -}}
{{- fail "networkPolicy.enabled with postgres.enabled needs networkPolicy.database.cidrs or a networkPolicy.extraEgress rule; otherwise the policy would block the database." -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/*
Environment of the container: where the configuration file is, the keys the chart sets, and the
secrets. Environment variables (Section__Key) override the file.
*/}}
{{- define "triage-adapter.env" -}}
- name: ADAPTER_SETTINGS
  value: /etc/triage-adapter/appsettings.json
# A ConfigMap update swaps a symlink, which a file-system watcher on the file does not see.
- name: DOTNET_USE_POLLING_FILE_WATCHER
  value: "true"
- name: Adapter__Urls
  value: {{ printf "http://0.0.0.0:%d" (int .Values.containerPort) | quote }}
- name: Adapter__Store
  value: {{ include "triage-adapter.store" . | quote }}
- name: Adapter__SqlitePath
  value: {{ printf "%s/adapter.db" (trimSuffix "/" .Values.persistence.mountPath) | quote }}
- name: ServiceNow__Password
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: servicenow-password
      optional: true
- name: ServiceNow__ClientSecret
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: servicenow-client-secret
      optional: true
- name: ServiceNow__WebhookSecret
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: servicenow-webhook-secret
      optional: true
- name: Jira__ApiToken
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: jira-api-token
      optional: true
- name: Jira__BearerToken
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: jira-bearer-token
      optional: true
- name: Jira__WebhookSecret
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: jira-webhook-secret
      optional: true
{{- if .Values.postgres.enabled }}
- name: Adapter__PostgresConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ include "triage-adapter.secretName" . }}
      key: postgres-connection-string
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The pod spec shared by the Deployment and the CronJob; pass (dict "root" $ "args" list). */}}
{{- define "triage-adapter.podSpec" -}}
{{- $root := .root -}}
serviceAccountName: {{ include "triage-adapter.serviceAccountName" $root }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
automountServiceAccountToken: false
{{- with $root.Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
terminationGracePeriodSeconds: {{ int $root.Values.terminationGracePeriodSeconds }}
securityContext:
  runAsNonRoot: true
  {{- with $root.Values.podSecurityContext.runAsUser }}
  runAsUser: {{ . }}
  {{- end }}
  {{- with $root.Values.podSecurityContext.runAsGroup }}
  runAsGroup: {{ . }}
  {{- end }}
  {{- with $root.Values.podSecurityContext.fsGroup }}
  fsGroup: {{ . }}
  {{- end }}
  seccompProfile:
    type: RuntimeDefault
containers:
  - name: adapter
    image: {{ printf "%s:%s" $root.Values.image.repository (default $root.Chart.AppVersion $root.Values.image.tag) | quote }}
    imagePullPolicy: {{ $root.Values.image.pullPolicy }}
    args:
      {{- toYaml .args | nindent 6 }}
    env:
      {{- include "triage-adapter.env" $root | nindent 6 }}
    securityContext:
      runAsNonRoot: true
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities:
        drop:
          - ALL
      seccompProfile:
        type: RuntimeDefault
    {{- if .probes }}
    ports:
      - name: http
        containerPort: {{ int $root.Values.containerPort }}
        protocol: TCP
    startupProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
      failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
      periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
      timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
      failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
    readinessProbe:
      httpGet:
        path: /readyz
        port: http
      periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
      timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
      failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
    {{- end }}
    resources:
      {{- toYaml $root.Values.resources | nindent 6 }}
    volumeMounts:
      - name: config
        mountPath: /etc/triage-adapter
        readOnly: true
      - name: data
        mountPath: {{ $root.Values.persistence.mountPath }}
      - name: tmp
        mountPath: /tmp
volumes:
  - name: config
    configMap:
      name: {{ include "triage-adapter.fullname" $root }}
  - name: data
    {{- if and $root.Values.persistence.enabled (not $root.Values.postgres.enabled) }}
    persistentVolumeClaim:
      claimName: {{ default (printf "%s-data" (include "triage-adapter.fullname" $root)) $root.Values.persistence.existingClaim }}
    {{- else }}
    emptyDir:
      sizeLimit: 1Gi
    {{- end }}
  - name: tmp
    emptyDir:
      sizeLimit: 256Mi
{{- with $root.Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
