using System.Diagnostics;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Audit;

/// <summary>The HTML report is one self-contained file that headless Chromium (Debian's package,
/// installed by .ci/run) renders: the screenshot must exist and carry more than a blank page.</summary>
public sealed class AuditReportScreenshotTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly CliRunner _cli = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task AuditReportVerb_Html_SelfContainedAndRendersInHeadlessChromium()
    {
        if (!File.Exists(Chromium))
        {
            // CI installs chromium in .ci/run; there a missing browser is a failure, not a skip.
            Assert.NotEqual("true", Environment.GetEnvironmentVariable("CI"));
            return;
        }

        var database = _cli.PathOf("data/adapter.db");
        await AuditSeed.WriteAsync(new SqliteAdapterStore(database));
        var result = await _cli.RunAsync(["audit-report", "--format", "html", "--output", "report.html"], new Dictionary<string, string> { ["Adapter__SqlitePath"] = database });
        result.ExpectExitCode(0);
        var html = await File.ReadAllTextAsync(_cli.PathOf("report.html"));
        Assert.Equal(2, CountOf(html, "src=\"data:image/png;base64,"));
        Assert.DoesNotContain("src=\"http", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"accuracy\">66.7%", html, StringComparison.Ordinal);

        var screenshot = _cli.PathOf("report.png");
        var profile = Directory.CreateTempSubdirectory("adapter-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", $"--screenshot={screenshot}", "--window-size=1280,2000",
                "file://" + _cli.PathOf("report.html"),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(File.Exists(screenshot), $"no screenshot; chromium said: {await stderr}{await stdout}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }

        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.True(png.Length > 20_000, $"screenshot is only {png.Length} bytes");
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        File.Copy(screenshot, Path.Combine(Path.GetTempPath(), "adapter-audit-report-screenshot.png"), overwrite: true);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
