namespace Adapter.Worker.Tests.Readme;

/// <summary>How a README command is run.</summary>
internal enum CommandRun
{
    /// <summary>As written, in a <see cref="ShellWorkspace"/>, by <see cref="ReadmeCommandsTests.Command_RunAsWritten_ExitsZero"/>.</summary>
    Here,

    /// <summary>By the named test, which takes the command from the README (<see cref="ReadmeCommands.Get"/>).</summary>
    ByTest,

    /// <summary>By <c>.ci/run</c>, which holds the same text.</summary>
    ByCi,

    /// <summary>Not run anywhere; the note says why and what is checked instead.</summary>
    NotRun,
}

/// <summary>Where one README command runs. <paramref name="Where"/> names the test method
/// (<see cref="CommandRun.ByTest"/>) or the reason (<see cref="CommandRun.NotRun"/>);
/// <paramref name="After"/> is a README command run first in the same workspace.</summary>
internal sealed record CommandCoverage(CommandRun Run, string Where = "", string? After = null);

/// <summary>Every shell command in README.md, by its exact text (continuations joined with one
/// space), and where it runs. A README command missing here, or an entry whose command the README
/// no longer has, fails <see cref="ReadmeCommandsTests"/>.</summary>
internal static class ReadmeCommandRegistry
{
    public const string Demo = "dotnet run --project src/Adapter.Worker -- demo";
    public const string TestCommand = "dotnet test Adapter.sln";
    public const string SiteOverrides = """echo '{"Adapter": {"Mode": "Shadow"}}' > my-site-overrides.json""";

    public const string PostgresStore = "export Adapter__Store=postgres";
    public const string PostgresConnection = "export Adapter__PostgresConnectionString='Host=db;Database=adapter;Username=adapter;Password=...'";
    public const string Service = "dotnet run --project src/Adapter.Worker";

    public const string DockerBuild = "docker build -t registry.example.org/triage-adapter:0.1.0 . && docker push registry.example.org/triage-adapter:0.1.0";
    public const string CopySiteValues = "cp deploy/helm/site-values.example.yaml site-values.yaml";
    public const string HelmLint = "helm lint --strict deploy/helm/triage-adapter -f site-values.yaml --set secrets.existingSecret=triage-credentials --set-file triageSettings=appsettings.json";
    public const string CreateSecret = "kubectl -n triage create secret generic triage-credentials --from-literal=servicenow-password='...' --from-literal=servicenow-webhook-secret='...'";
    public const string HelmInstall = "helm upgrade --install triage deploy/helm/triage-adapter -n triage --create-namespace -f site-values.yaml --set secrets.existingSecret=triage-credentials --set-file triageSettings=appsettings.json";

    private const string DeployBlock = nameof(ReadmeDeployTests.DeployBlock_InAScratchCopy_RendersAPodTheWorkerAccepts);

    public static readonly IReadOnlyDictionary<string, CommandCoverage> Commands = new Dictionary<string, CommandCoverage>(StringComparer.Ordinal)
    {
        [Demo] = new(CommandRun.Here),
        [TestCommand] = new(CommandRun.ByCi),

        ["dotnet run --project src/Adapter.Worker -- classify \"Lab results not crossing into Epic\" \"ORU messages stuck in the Rhapsody queue since 2am, whole ED affected\""] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- classify --json \"MyChart activation code expired\""] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- triage --input samples/tickets.csv --output decisions.csv"] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- validate-config"] = new(CommandRun.Here),
        [SiteOverrides] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- validate-config --config my-site-overrides.json"] = new(CommandRun.Here, After: SiteOverrides),

        [PostgresStore] = new(CommandRun.ByTest, nameof(ReadmeCommandsTests.ScalingBlock_AgainstTheTestServer_ServesReadyOnPostgres)),
        [PostgresConnection] = new(CommandRun.ByTest, nameof(ReadmeCommandsTests.ScalingBlock_AgainstTheTestServer_ServesReadyOnPostgres)),
        [Service] = new(CommandRun.ByTest, nameof(ReadmeCommandsTests.ScalingBlock_AgainstTheTestServer_ServesReadyOnPostgres)),

        ["dotnet run --project src/Adapter.Worker -- audit-report --from 2026-11-01 --to 2026-11-30 --output audit.html"] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- audit-report --from 2026-11-01 --to 2026-11-30 --format csv --output audit.csv"] = new(CommandRun.Here),
        ["dotnet run --project src/Adapter.Worker -- audit-report --format json"] = new(CommandRun.Here),

        [DockerBuild] = new(CommandRun.NotRun, "no container engine here; " + nameof(ReadmeDeployTests.Dockerfile_NotBuiltHere_IsMultiStageNonRootRuntimeWithHealthcheck) + " checks the Dockerfile"),
        [CopySiteValues] = new(CommandRun.ByTest, DeployBlock),
        [HelmLint] = new(CommandRun.ByTest, DeployBlock),
        [CreateSecret] = new(CommandRun.ByTest, DeployBlock),
        [HelmInstall] = new(CommandRun.ByTest, DeployBlock),
    };
}
