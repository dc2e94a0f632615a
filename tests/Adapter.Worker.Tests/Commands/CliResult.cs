using Xunit.Sdk;

namespace Adapter.Worker.Tests.Commands;

/// <summary>What one run of the executable left behind: its exit code and both streams.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The non-blank lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines =>
        StandardError.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Fails with both streams in the message, so a failing test shows what the tool said.</summary>
    public void ExpectExitCode(int expected)
    {
        if (ExitCode != expected)
        {
            throw new XunitException($"Expected exit code {expected}, got {ExitCode}.{Environment.NewLine}{this}");
        }
    }

    public override string ToString() =>
        $"exit code: {ExitCode}{Environment.NewLine}--- stdout ---{Environment.NewLine}{StandardOutput}{Environment.NewLine}--- stderr ---{Environment.NewLine}{StandardError}";
}
