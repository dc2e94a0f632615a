using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Bench;

/// <summary>The pipeline load tool's <c>--smoke</c> mode: the real worker process against the
/// sandbox (ServiceNow, then Jira) at a tiny load, polling and webhooks, in seconds. Proves the tool still runs; its
/// figures are not checked.</summary>
public sealed class PipelineBenchSmokeTests
{
    [Theory]
    [InlineData("servicenow", "ServiceNow Sqlite")]
    [InlineData("jira", "Jira Sqlite")]
    public async Task Smoke_TinyLoad_TriagesEveryTicketOnceAndWritesTheReport(string platform, string run)
    {
        var folder = Directory.CreateTempSubdirectory("adapter-pipeline-smoke-");
        try
        {
            var report = Path.Combine(folder.FullName, "pipeline-smoke.md");
            var (exitCode, output) = await BenchProcess.RunAsync(
                "dotnet",
                [BenchProcess.BenchDll("Adapter.PipelineBench"), "--smoke", "--platforms", platform, "--worker-dll", CliRunner.ExecutablePath, "--report", report, "--raw", folder.FullName],
                TimeSpan.FromSeconds(90));

            Assert.True(exitCode == 0, output);
            Assert.Contains($"{run} polling rep 1: 30/30 triaged", output, StringComparison.Ordinal);
            Assert.Contains($"{run} webhooks 20/s rep 1: 20/20 acked", output, StringComparison.Ordinal);
            Assert.Contains("dup 0", output, StringComparison.Ordinal);
            var text = await File.ReadAllTextAsync(report);
            Assert.Contains("## Against the targets", text, StringComparison.Ordinal);
            Assert.Contains($"## {run.Replace(" ", ", ", StringComparison.Ordinal)}", text, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
