# syntax=docker/dockerfile:1
# The adapter's image: `docker build -t triage-adapter:0.1.0 .` from the repository root.
# Unbuilt on the development machines, which run no container engine (see README).

# --- build: the SDK restores, compiles and publishes; none of it reaches the final image ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json is left out on purpose: it pins the developers' SDK band, while this stage builds
# with whichever 10.0 SDK the image carries (the target is net10.0 either way).
COPY Directory.Build.props Directory.Packages.props BannedSymbols.txt .editorconfig ./
COPY src/Adapter.Core/Adapter.Core.csproj src/Adapter.Core/
COPY src/Adapter.Sandbox/Adapter.Sandbox.csproj src/Adapter.Sandbox/
COPY src/Adapter.Worker/Adapter.Worker.csproj src/Adapter.Worker/
# Restore from the project files alone, so this layer survives source edits.
RUN dotnet restore src/Adapter.Worker/Adapter.Worker.csproj
COPY appsettings.json ./
COPY src/ src/
RUN dotnet publish src/Adapter.Worker/Adapter.Worker.csproj --configuration Release --no-restore \
      --output /app -p:UseAppHost=false

# --- runtime: ASP.NET Core runtime only, non-root ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The SQLite store's directory (Kubernetes mounts an emptyDir or a volume over it).
RUN mkdir -p /var/lib/triage-adapter && chown "$APP_UID:$APP_UID" /var/lib/triage-adapter
COPY --from=build /app ./
# `demo` seeds its sandbox from samples/tickets.csv (fake tickets only).
COPY samples/tickets.csv samples/
# A container listens on every interface, and keeps its store out of the read-only /app.
# Environment variables override appsettings.json (the copy beside the binary, or the file
# that ADAPTER_SETTINGS names, e.g. the chart's ConfigMap).
ENV Adapter__Urls=http://0.0.0.0:8080 \
    Adapter__SqlitePath=/var/lib/triage-adapter/adapter.db
# The aspnet image defines the non-root user `app`, UID/GID 1654.
USER $APP_UID
EXPOSE 8080
# The image has neither curl nor wget, so bash's /dev/tcp asks GET /healthz and looks for a 200.
# It assumes the default port 8080. Kubernetes ignores HEALTHCHECK: the chart's startup, liveness
# (/healthz) and readiness (/readyz) probes are the health source there.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '^HTTP/1\\.[01] 200 ' <&3"]
ENTRYPOINT ["dotnet", "Adapter.Worker.dll"]
CMD ["run"]
