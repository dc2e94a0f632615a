using System.Net;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Hosting;
using Adapter.Worker.Tests.Commands;
using Adapter.Worker.Tests.Platforms.ServiceNow;
using Microsoft.Extensions.Configuration;

namespace Adapter.Worker.Tests.Hosting;

/// <summary>Secrets from a mounted directory (one file per key, <c>Section__Key</c>), as a
/// Kubernetes Secret volume provides them.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class SecretsDirectoryTests : IDisposable
{
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("adapter-secrets-");

    public void Dispose() => _secrets.Delete(recursive: true);

    [Fact]
    public void AddSecrets_FileWithTrailingNewline_OverridesEarlierSourcesTrimmed()
    {
        File.WriteAllText(Path.Combine(_secrets.FullName, "ServiceNow__Password"), "from-the-file\n");
        var builder = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ServiceNow:Password"] = "from-json" });

        var configuration = AdapterConfiguration.AddSecrets(builder, _secrets.FullName, reloadOnChange: false).Build();

        Assert.Equal("from-the-file", configuration["ServiceNow:Password"]);
    }

    [Fact]
    public void AddSecrets_MissingDirectory_ThrowsNamingIt()
    {
        var missing = Path.Combine(_secrets.FullName, "not-mounted");

        var error = Assert.Throws<DirectoryNotFoundException>(() => AdapterConfiguration.AddSecrets(new ConfigurationBuilder(), missing, reloadOnChange: false));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_SecretsDirectoryMissing_ExitsOneWithOneLine()
    {
        using var cli = new CliRunner();

        var result = await cli.RunAsync(["validate-config"], new Dictionary<string, string> { [AdapterConfiguration.SecretsDirectoryVariable] = Path.Combine(_secrets.FullName, "gone") });

        result.ExpectExitCode(1);
        Assert.Contains("Secrets directory not found", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_PasswordAndWebhookSecretOnlyInFiles_RoutesAndNeverLogsThem()
    {
        await using var harness = new WorkerHarness();
        harness.Settings["ServiceNow:PollingEnabled"] = "false";
        harness.Settings["ServiceNow:Password"] = "";
        harness.Settings["ServiceNow:WebhookSecret"] = "";
        harness.Settings["Serilog:MinimumLevel:Default"] = "Verbose";
        harness.Settings["Serilog:MinimumLevel:Override:Microsoft"] = "Verbose";
        harness.Settings["Serilog:MinimumLevel:Override:System.Net.Http.HttpClient"] = "Verbose";
        File.WriteAllText(Path.Combine(_secrets.FullName, "ServiceNow__Password"), new ServiceNowSandboxOptions().Password + "\n");
        File.WriteAllText(Path.Combine(_secrets.FullName, "ServiceNow__WebhookSecret"), harness.Secret);
        harness.SecretsDirectory = _secrets.FullName;
        var id = harness.SeedSamples(1, skip: 5).Single();

        await harness.StartAsync();
        using var response = await harness.NotifyAsync(id);
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted([id]), TimeSpan.FromSeconds(30));
        await harness.StopAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.NotEmpty(harness.Logs.Lines);
        Assert.DoesNotContain(harness.Secret, harness.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(new ServiceNowSandboxOptions().Password, harness.Logs.All, StringComparison.Ordinal);
    }
}
