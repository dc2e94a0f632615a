using System.Globalization;
using System.Text.Json.Nodes;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Deploy;

/// <summary>The chart as helm renders it: the objects, their hardening, the refusals, and the
/// rendered appsettings.json checked by the worker itself.</summary>
public sealed class ChartRenderTests
{
    private const string ServiceNowOn = "config.ServiceNow.Enabled=true";
    private const string ItsmCidr = "networkPolicy.itsm.cidrs={203.0.113.0/24}";

    [HelmFact]
    public void Lint_DefaultValues_Passes()
    {
        // Act
        var result = Helm.Run(["lint", "--strict", ChartFiles.ChartDirectory]);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [HelmFact]
    public void Template_DefaultValues_RendersOneHardenedReplica()
    {
        // Act
        var objects = Render();

        // Assert
        Assert.Equal(
            ["ConfigMap", "Deployment", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount"],
            objects.Select(o => (string)o["kind"]).Order(StringComparer.Ordinal));
        var deployment = Single(objects, "Deployment");
        Assert.Equal("1", Text(deployment, "spec.replicas"));
        Assert.Equal("Recreate", Text(deployment, "spec.strategy.type"));
        var pod = Map(deployment, "spec.template.spec");
        Assert.Equal("true", Text(pod, "securityContext.runAsNonRoot"));
        Assert.Equal("RuntimeDefault", Text(pod, "securityContext.seccompProfile.type"));
        Assert.Equal("false", Text(pod, "automountServiceAccountToken"));
        var container = Container(pod);
        Assert.Equal("true", Text(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("false", Text(container, "securityContext.allowPrivilegeEscalation"));
        Assert.Equal("true", Text(container, "securityContext.runAsNonRoot"));
        Assert.Equal(["ALL"], List(container, "securityContext.capabilities.drop").Cast<string>());
        Assert.Equal("/healthz", Text(container, "livenessProbe.httpGet.path"));
        Assert.Equal("/readyz", Text(container, "readinessProbe.httpGet.path"));
        Assert.Equal("/healthz", Text(container, "startupProbe.httpGet.path"));
        Assert.NotNull(ChartFiles.At(container, "resources.requests.memory"));
        Assert.NotNull(ChartFiles.At(container, "resources.limits.memory"));
        Assert.Equal(["run"], List(container, "args").Cast<string>());

        // Graceful: longer than the 20 s drain of the default configuration.
        Assert.True(int.Parse(Text(pod, "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) > 20);

        // Writable only where the adapter writes: /tmp and the SQLite directory, both emptyDir.
        var mounts = List(container, "volumeMounts").Cast<IDictionary<object, object>>().ToDictionary(m => (string)m["mountPath"], m => (string)m["name"]);
        var volumes = List(pod, "volumes").Cast<IDictionary<object, object>>().ToDictionary(v => (string)v["name"]);
        Assert.True(volumes[mounts["/tmp"]].ContainsKey("emptyDir"));
        Assert.True(volumes[mounts["/var/lib/triage-adapter"]].ContainsKey("emptyDir"));
        Assert.True(volumes[mounts["/etc/triage-adapter"]].ContainsKey("configMap"));

        var env = Env(container);
        Assert.Equal("/etc/triage-adapter/appsettings.json", env["ADAPTER_SETTINGS"]);
        Assert.Equal("http://0.0.0.0:8080", env["Adapter__Urls"]);
        Assert.Equal("sqlite", env["Adapter__Store"]);
        Assert.Equal("/var/lib/triage-adapter/adapter.db", env["Adapter__SqlitePath"]);

        var service = Single(objects, "Service");
        Assert.Equal("http", Text(service, "spec.ports.0.targetPort"));
        Assert.Equal("http", Text(container, "ports.0.name"));
        Assert.Equal("8080", Text(container, "ports.0.containerPort"));
    }

    [HelmFact]
    public void Template_TwoReplicasWithoutPostgres_RefusesSayingWhy()
    {
        // Act
        var result = Helm.Template("--set", "replicaCount=2");

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("replicaCount is 2, but more than one replica needs the PostgreSQL store (set postgres.enabled=true", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("SQLite store is a file inside one pod", result.StandardError, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_TwoReplicasWithPostgres_RollsWithTheConnectionStringFromTheSecret()
    {
        // Act
        var objects = Render(
            "--set", "replicaCount=2",
            "--set", "postgres.enabled=true",
            "--set", "secrets.postgresConnectionString=Host=db.example.org;Database=triage",
            "--set", "networkPolicy.database.cidrs={10.20.0.0/24}");

        // Assert
        var deployment = Single(objects, "Deployment");
        Assert.Equal("2", Text(deployment, "spec.replicas"));
        Assert.Equal("RollingUpdate", Text(deployment, "spec.strategy.type"));
        var container = Container(Map(deployment, "spec.template.spec"));
        Assert.Equal("postgres", Env(container)["Adapter__Store"]);
        var connection = EnvEntry(container, "Adapter__PostgresConnectionString");
        Assert.Equal("postgres-connection-string", Text(connection, "valueFrom.secretKeyRef.key"));
        Assert.Equal("t-triage-adapter", Text(connection, "valueFrom.secretKeyRef.name"));
        var secret = Single(objects, "Secret");
        Assert.Equal("Host=db.example.org;Database=triage", Base64(Text(secret, "data.postgres-connection-string")));
        Assert.Contains(Egress(objects), rule => rule.Cidrs.SequenceEqual(["10.20.0.0/24"]) && rule.Ports.SequenceEqual(["5432"]));
    }

    [HelmFact]
    public void Template_PostgresWithoutConnectionString_Refuses()
    {
        // Act
        var result = Helm.Template("--set", "postgres.enabled=true");

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no connection string", result.StandardError, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_CronJobWithPersistence_RunsOnceOnScheduleWithoutListener()
    {
        // Act
        var objects = Render("--set", "cronJob.enabled=true", "--set", "persistence.enabled=true", "--set", "cronJob.schedule=*/10 * * * *");

        // Assert
        var kinds = objects.Select(o => (string)o["kind"]).ToList();
        Assert.DoesNotContain("Deployment", kinds);
        Assert.DoesNotContain("Service", kinds);
        Assert.DoesNotContain("PodDisruptionBudget", kinds);
        var cronJob = Single(objects, "CronJob");
        Assert.Equal("*/10 * * * *", Text(cronJob, "spec.schedule"));
        Assert.Equal("Forbid", Text(cronJob, "spec.concurrencyPolicy"));
        var pod = Map(cronJob, "spec.jobTemplate.spec.template.spec");
        Assert.Equal("Never", Text(pod, "restartPolicy"));
        var container = Container(pod);
        Assert.Equal(["run", "--once"], List(container, "args").Cast<string>());
        Assert.Equal("true", Text(container, "securityContext.readOnlyRootFilesystem"));
        Assert.Equal("t-triage-adapter-data", Text(pod, "volumes.1.persistentVolumeClaim.claimName"));
        Assert.Equal("t-triage-adapter-data", Text(Single(objects, "PersistentVolumeClaim"), "metadata.name"));
        Assert.Empty(List(Single(objects, "NetworkPolicy"), "spec.ingress"));
    }

    [HelmFact]
    public void Template_CronJobOnEmptyDir_Refuses()
    {
        // Act
        var result = Helm.Template("--set", "cronJob.enabled=true");

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("cronJob.enabled needs state that outlives a run", result.StandardError, StringComparison.Ordinal);
    }

    [HelmTheory]
    [InlineData("terminationGracePeriodSeconds=20", "terminationGracePeriodSeconds (20) must be greater than config.Adapter.DrainTimeout (20 s)")]
    [InlineData("config.Adapter.DrainTimeout=00:01:00", "terminationGracePeriodSeconds (40) must be greater than config.Adapter.DrainTimeout (60 s)")]
    public void Template_GracePeriodNotAboveDrainTimeout_Refuses(string setting, string message)
    {
        // Act
        var result = Helm.Template("--set", setting);

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.StandardError, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_ServiceNowOnWithoutItsmAddresses_Refuses()
    {
        // Act
        var result = Helm.Template("--set", ServiceNowOn);

        // Assert: the policy would otherwise block every call to the instance.
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("networkPolicy.itsm.cidrs", result.StandardError, StringComparison.Ordinal);
    }

    [HelmFact]
    public void Template_NetworkPolicy_EgressOnlyToDnsAndTheItsmInstance()
    {
        // Act
        var objects = Render("--set", ServiceNowOn, "--set", ItsmCidr);

        // Assert
        var policy = Single(objects, "NetworkPolicy");
        Assert.Equal(["Ingress", "Egress"], List(policy, "spec.policyTypes").Cast<string>());
        var egress = Egress(objects);
        Assert.Equal(2, egress.Count);
        Assert.Equal(["53", "53"], egress[0].Ports);
        Assert.Equal(["kube-system"], egress[0].Namespaces);
        Assert.Equal(["203.0.113.0/24"], egress[1].Cidrs);
        Assert.Equal(["443"], egress[1].Ports);
        Assert.Equal("http", Text(policy, "spec.ingress.0.ports.0.port"));
    }

    [HelmFact]
    public void Template_ServiceMonitorEnabled_ScrapesMetricsOnTheServicePort()
    {
        // Act
        var objects = Render("--set", "serviceMonitor.enabled=true", "--set", "serviceMonitor.labels.release=prometheus");

        // Assert
        var monitor = Single(objects, "ServiceMonitor");
        Assert.Equal("http", Text(monitor, "spec.endpoints.0.port"));
        Assert.Equal("/metrics", Text(monitor, "spec.endpoints.0.path"));
        Assert.Equal("prometheus", Text(monitor, "metadata.labels.release"));
        Assert.Equal("http", Text(Single(objects, "Service"), "spec.ports.0.name"));
    }

    [HelmFact]
    public void Template_ExistingSecret_CreatesNoSecretAndReadsTheNamedOne()
    {
        // Act
        var objects = Render("--set", "secrets.existingSecret=triage-credentials", "--set", "secrets.serviceNowPassword=ignored");

        // Assert
        Assert.DoesNotContain(objects, o => (string)o["kind"] == "Secret");
        var container = Container(Map(Single(objects, "Deployment"), "spec.template.spec"));
        foreach (var (name, key) in new[] { ("ServiceNow__Password", "servicenow-password"), ("ServiceNow__ClientSecret", "servicenow-client-secret"), ("ServiceNow__WebhookSecret", "servicenow-webhook-secret") })
        {
            var entry = EnvEntry(container, name);
            Assert.Equal("triage-credentials", Text(entry, "valueFrom.secretKeyRef.name"));
            Assert.Equal(key, Text(entry, "valueFrom.secretKeyRef.key"));
        }
    }

    [HelmFact]
    public void Template_Secrets_NeverReachTheConfigMap()
    {
        // Act
        var objects = Render("--set", "secrets.serviceNowPassword=pw-7f3a", "--set", "secrets.serviceNowWebhookSecret=hook-9c1e");

        // Assert
        var settings = SettingsText(objects);
        Assert.DoesNotContain("pw-7f3a", settings, StringComparison.Ordinal);
        Assert.DoesNotContain("hook-9c1e", settings, StringComparison.Ordinal);
        var secret = Single(objects, "Secret");
        Assert.Equal("pw-7f3a", Base64(Text(secret, "data.servicenow-password")));
        Assert.Equal("hook-9c1e", Base64(Text(secret, "data.servicenow-webhook-secret")));
    }

    [HelmFact]
    public void Template_DefaultTriage_IsTheRepositoryTriageSection()
    {
        // Arrange
        var repository = JsonNode.Parse(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "appsettings.json")))!;

        // Act
        var rendered = RenderedSettings(Render());

        // Assert
        Assert.True(JsonNode.DeepEquals(repository["Triage"], rendered["Triage"]), "the ConfigMap's Triage section differs from appsettings.json's");
    }

    [HelmFact]
    public void Template_TriageSettingsFile_ReplacesTheTriageSection()
    {
        // Arrange
        using var cli = new CliRunner();
        var tuned = JsonNode.Parse(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "appsettings.json")))!;
        tuned["Triage"]!["ConfidenceThreshold"] = 0.77;
        tuned["Adapter"]!["Concurrency"] = 99; // only Triage is taken from the file
        var file = cli.WriteFile("tuned.json", tuned.ToJsonString());

        // Act
        var rendered = RenderedSettings(Render("--set-file", $"triageSettings={file}"));

        // Assert
        Assert.Equal(0.77, rendered["Triage"]!["ConfidenceThreshold"]!.GetValue<double>());
        Assert.Equal(8, rendered["Adapter"]!["Concurrency"]!.GetValue<int>());
    }

    [HelmFact]
    public async Task Template_RenderedConfiguration_IsValidForTheWorker()
    {
        // Arrange: the ConfigMap's file and the Deployment's literal environment, as the pod has them.
        using var cli = new CliRunner();
        var objects = Render("--set", "config.Adapter.Mode=Shadow");
        var path = cli.WriteFile("etc/appsettings.json", SettingsText(objects));
        var env = Env(Container(Map(Single(objects, "Deployment"), "spec.template.spec")));
        env["ADAPTER_SETTINGS"] = path;
        env["Adapter__SqlitePath"] = cli.PathOf("data/adapter.db");

        // Act
        var result = await cli.RunAsync(["validate-config"], env);

        // Assert
        result.ExpectExitCode(0);
        Assert.Contains("configuration valid", result.StandardOutput, StringComparison.Ordinal);
    }

    private static List<IDictionary<object, object>> Render(params string[] arguments)
    {
        var result = Helm.Template(arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. ChartFiles.ParseYamlDocuments(result.StandardOutput)];
    }

    private static JsonNode RenderedSettings(List<IDictionary<object, object>> objects) =>
        JsonNode.Parse(SettingsText(objects))!;

    /// <summary>The ConfigMap's appsettings.json (a key with dots, so not a dotted path).</summary>
    private static string SettingsText(List<IDictionary<object, object>> objects) =>
        Assert.IsType<string>(Map(Single(objects, "ConfigMap"), "data")["appsettings.json"]);

    private static IDictionary<object, object> Single(List<IDictionary<object, object>> objects, string kind) =>
        Assert.Single(objects, o => (string)o["kind"] == kind);

    private static IDictionary<object, object> Container(IDictionary<object, object> pod) =>
        (IDictionary<object, object>)Assert.Single(List(pod, "containers"));

    private static Dictionary<string, string> Env(IDictionary<object, object> container) =>
        List(container, "env").Cast<IDictionary<object, object>>()
            .Where(e => e.ContainsKey("value"))
            .ToDictionary(e => (string)e["name"], e => (string)e["value"], StringComparer.Ordinal);

    private static IDictionary<object, object> EnvEntry(IDictionary<object, object> container, string name) =>
        Assert.Single(List(container, "env").Cast<IDictionary<object, object>>(), e => (string)e["name"] == name);

    private static List<EgressRule> Egress(List<IDictionary<object, object>> objects) =>
        [.. List(Single(objects, "NetworkPolicy"), "spec.egress").Cast<IDictionary<object, object>>().Select(rule => new EgressRule(
            [.. ListOrEmpty(rule, "to").Cast<IDictionary<object, object>>().Select(p => ChartFiles.At(p, "ipBlock.cidr")).OfType<string>()],
            [.. ListOrEmpty(rule, "to").Cast<IDictionary<object, object>>().Select(p => NamespaceName(p)).OfType<string>()],
            [.. ListOrEmpty(rule, "ports").Cast<IDictionary<object, object>>().Select(p => (string)p["port"])]))];

    private static string? NamespaceName(IDictionary<object, object> peer) =>
        ChartFiles.At(peer, "namespaceSelector.matchLabels") is IDictionary<object, object> labels
        && labels.TryGetValue("kubernetes.io/metadata.name", out var name) ? name as string : null;

    private static string Base64(string encoded) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));

    /// <summary>Dotted path where a number selects a list item (<c>spec.ports.0.name</c>).</summary>
    private static object? Node(IDictionary<object, object> root, string path)
    {
        object? node = root;
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                IDictionary<object, object> map when map.TryGetValue(part, out var next) => next,
                IList<object> list when int.TryParse(part, CultureInfo.InvariantCulture, out var i) && i < list.Count => list[i],
                _ => throw new KeyNotFoundException($"no '{part}' in path '{path}'"),
            };
        }

        return node;
    }

    private static string Text(IDictionary<object, object> root, string path) => Assert.IsType<string>(Node(root, path));

    private static IDictionary<object, object> Map(IDictionary<object, object> root, string path) => Assert.IsType<IDictionary<object, object>>(Node(root, path), exactMatch: false);

    private static IList<object> List(IDictionary<object, object> root, string path) => Assert.IsType<IList<object>>(Node(root, path), exactMatch: false);

    private static IList<object> ListOrEmpty(IDictionary<object, object> root, string key) =>
        root.TryGetValue(key, out var value) && value is IList<object> list ? list : [];

    private sealed record EgressRule(IReadOnlyList<string> Cidrs, IReadOnlyList<string> Namespaces, IReadOnlyList<string> Ports);
}
