using System.CommandLine;
using Adapter.Core.Classification;

namespace Adapter.Worker.Commands;

/// <summary>The executable's verbs. Errors a user can fix (bad input, bad configuration) print
/// one clear line and exit 1; nothing else is swallowed.</summary>
internal static class AdapterCommandLine
{
    public static async Task<int> InvokeAsync(string[] args)
    {
        var config = new Option<string?>("--config") { Description = "A JSON file layered over appsettings.json", Recursive = true };
        var root = new RootCommand("Healthcare service-desk triage adapter for ServiceNow and Jira")
        {
            config,
            TriageCommands.Classify(config),
            TriageCommands.Triage(config),
            TriageCommands.ValidateConfig(config),
            RunCommand.Create(config),
            DemoCommand.Create(config),
            AuditReportCommand.Create(config),
        };
        root.SetAction((result, cancellationToken) => RunCommand.RunAsync(result.GetValue(config), once: false, cancellationToken));

        try
        {
            // No termination handling here: the host owns SIGTERM/SIGINT for `run` (drain within
            // Adapter:DrainTimeout, then exit 0). With System.CommandLine's handler as well, a
            // SIGTERM made `run` exit 143 however cleanly it stopped.
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (BatchInputException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (TriageConfigurationException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await Console.Error.WriteLineAsync(problem.ToString());
            }

            await Console.Error.WriteLineAsync($"error: invalid configuration ({ex.Problems.Count} problem(s)); run validate-config for details");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("ServiceNow", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
        catch (InvalidDataException ex)
        {
            // A configuration file that is not valid JSON: name the file and the parser's reason.
            await Console.Error.WriteLineAsync($"error: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
            return 1;
        }
        catch (IOException ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }
}
