using System.Diagnostics;
using System.Reflection;
using Adapter.Worker.Tests.Commands;
using Adapter.Worker.Tests.Storage;

namespace Adapter.Worker.Tests.Readme;

/// <summary>Every shell command in README.md runs somewhere: here as written, in a named test, or in
/// <c>.ci/run</c> (<see cref="ReadmeCommandRegistry"/>), so the README cannot rot. A new command the
/// registry does not place fails the build until it is run.</summary>
public sealed class ReadmeCommandsTests
{
    /// <summary>Generous: the first <c>dotnet run</c> after a build elsewhere compiles the worker.</summary>
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Files the README's commands write with <c>--output</c>.</summary>
    private static readonly string[] WrittenFiles = ["decisions.csv", "audit.html", "audit.csv"];

    public static TheoryData<string> RunHereCommands() =>
        [.. ReadmeCommandRegistry.Commands.Where(c => c.Value.Run == CommandRun.Here).Select(c => c.Key)];

    [Fact]
    public void Readme_EveryShellCommand_IsRunSomewhere()
    {
        // Act
        var unplaced = ReadmeCommands.All.Where(c => !ReadmeCommandRegistry.Commands.ContainsKey(c.Text)).ToList();

        // Assert
        Assert.True(unplaced.Count == 0, "README commands that no test and no .ci/run step runs (add each to ReadmeCommandRegistry and run it):"
            + string.Concat(unplaced.Select(c => $"{Environment.NewLine}  line {c.Line} ({c.Section}): {c.Text}")));
    }

    [Fact]
    public void Registry_EveryCommand_IsStillInTheReadme()
    {
        // Act
        var texts = ReadmeCommands.All.Select(c => c.Text).ToHashSet(StringComparer.Ordinal);
        var stale = ReadmeCommandRegistry.Commands.Keys.Where(k => !texts.Contains(k)).ToList();

        // Assert
        Assert.True(stale.Count == 0, "ReadmeCommandRegistry names commands README.md no longer has:"
            + string.Concat(stale.Select(k => $"{Environment.NewLine}  {k}")));
    }

    [Fact]
    public void Registry_NamedTests_ExistInThisFolder()
    {
        // Arrange
        var tests = new[] { typeof(ReadmeCommandsTests), typeof(ReadmeDeployTests) }
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes<FactAttribute>().Any())
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);

        // Act
        var missing = ReadmeCommandRegistry.Commands
            .Where(c => c.Value.Run == CommandRun.ByTest && !tests.Contains(c.Value.Where))
            .Select(c => $"{c.Value.Where} (for {c.Key})")
            .ToList();

        // Assert
        Assert.Empty(missing);
        Assert.Single(ReadmeCommandRegistry.Commands, c => c.Value.Run == CommandRun.NotRun);
    }

    [Fact]
    public void Readme_FirstTwoCommands_AreTheDemoAndTheTestCommand()
    {
        // Act
        var first = ReadmeCommands.All.Take(2).Select(c => c.Text);

        // Assert
        Assert.Equal([ReadmeCommandRegistry.Demo, ReadmeCommandRegistry.TestCommand], first);
    }

    [Fact]
    public void CiRun_RunsTheReadmesTestCommand()
    {
        // Arrange
        var command = ReadmeCommands.Get(ReadmeCommandRegistry.TestCommand).Text;
        var lines = File.ReadAllLines(Path.Combine(CliRunner.RepositoryRoot, ".ci", "run"));

        // Act: the same command, with only a results logger added.
        var run = lines.Select(l => l.Trim()).Where(l => l == command || l.StartsWith(command + " ", StringComparison.Ordinal)).ToList();

        // Assert
        var line = Assert.Single(run);
        Assert.Equal("--logger trx --results-directory \"$results\"", line[command.Length..].Trim());
    }

    [Theory]
    [MemberData(nameof(RunHereCommands))]
    public async Task Command_RunAsWritten_ExitsZero(string command)
    {
        // Arrange
        using var workspace = new ShellWorkspace();
        var coverage = ReadmeCommandRegistry.Commands[command];
        var script = string.Join(Environment.NewLine, new[] { coverage.After, command }
            .OfType<string>()
            .Select(c => ShellWorkspace.Localise(ReadmeCommands.Get(c).Text)));

        // Act
        var result = await workspace.RunAsync(script, CommandTimeout);

        // Assert
        result.ExpectExitCode(0);
        foreach (var written in WrittenFiles.Where(f => command.EndsWith("--output " + f, StringComparison.Ordinal)))
        {
            Assert.True(new FileInfo(workspace.PathOf(written)).Length > 0, $"{command} wrote no {written}");
        }
    }

    [PostgresFact]
    public async Task ScalingBlock_AgainstTheTestServer_ServesReadyOnPostgres()
    {
        // Arrange: the README's three lines in one shell. The connection string's value is the
        // README's placeholder, so it becomes the test server's; the listener gets a free port.
        await using var database = await TestPostgres.CreateDatabaseAsync();
        using var workspace = new ShellWorkspace();
        var connection = ReadmeCommands.Get(ReadmeCommandRegistry.PostgresConnection).Text;
        var placeholder = connection[(connection.IndexOf('=', StringComparison.Ordinal) + 1)..];
        Assert.Equal("'Host=db;Database=adapter;Username=adapter;Password=...'", placeholder);
        var script = string.Join(Environment.NewLine,
            ReadmeCommands.Get(ReadmeCommandRegistry.PostgresStore).Text,
            connection.Replace(placeholder, $"'{database.ConnectionString}'", StringComparison.Ordinal),
            ShellWorkspace.Localise(ReadmeCommands.Get(ReadmeCommandRegistry.Service).Text));
        var port = FreePort();
        workspace.Variables["Adapter__Urls"] = $"http://127.0.0.1:{port}";
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();

        // Act
        using var service = workspace.Start(script, output.Enqueue);
        try
        {
            var ready = await WaitForReadyAsync(service, port, CommandTimeout);

            // Assert: ready, and ready on PostgreSQL: the store's migrations ran in the test database.
            Assert.True(ready, $"the service did not answer /readyz with 200:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
            Assert.True(await database.ScalarAsync<long>("SELECT count(*) FROM adapter_schema_version") > 0);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static async Task<bool> WaitForReadyAsync(Process service, int port, TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (!service.HasExited && clock.Elapsed < patience)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Building or starting: not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        return false;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
