using System.Text;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Readme;

/// <summary>One command from a README shell block: its text (continuation lines joined with one
/// space), the line it starts on and the section it sits in.</summary>
internal sealed record ReadmeCommand(string Text, int Line, string Section);

/// <summary>The commands of <c>README.md</c>: every line of a fenced block tagged <c>bash</c>,
/// <c>sh</c> or <c>shell</c>, with backslash continuations joined, blank lines and <c>#</c>
/// comment lines skipped. Other blocks (<c>text</c>, <c>javascript</c>, untagged diagrams) and
/// commands quoted in prose are not commands.</summary>
internal static class ReadmeCommands
{
    private static readonly string[] ShellTags = ["bash", "sh", "shell"];

    private static readonly Lazy<IReadOnlyList<ReadmeCommand>> LazyAll = new(() => Parse(File.ReadAllText(ReadmePath)));

    public static string ReadmePath => Path.Combine(CliRunner.RepositoryRoot, "README.md");

    public static IReadOnlyList<ReadmeCommand> All => LazyAll.Value;

    /// <summary>The README command with exactly this text; fails the calling test when the README
    /// no longer has it, so a test that runs a README command cannot drift from it.</summary>
    public static ReadmeCommand Get(string text) =>
        All.FirstOrDefault(c => c.Text == text)
        ?? throw new Xunit.Sdk.XunitException($"README.md has no shell command{Environment.NewLine}  {text}");

    public static IReadOnlyList<ReadmeCommand> Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var commands = new List<ReadmeCommand>();
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var section = "";
        string? fence = null;
        var inShell = false;
        var pending = new StringBuilder();
        var pendingLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (fence is null)
            {
                if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
                {
                    fence = trimmed[..3];
                    inShell = ShellTags.Contains(trimmed[3..].Trim().Split(' ', 2)[0], StringComparer.OrdinalIgnoreCase);
                }
                else if (line.StartsWith('#'))
                {
                    section = line.TrimStart('#').Trim();
                }

                continue;
            }

            if (trimmed.StartsWith(fence, StringComparison.Ordinal))
            {
                if (pending.Length > 0)
                {
                    throw new FormatException($"README.md line {pendingLine}: the block ends inside a continued command");
                }

                fence = null;
                continue;
            }

            if (!inShell || (pending.Length == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#'))))
            {
                continue;
            }

            if (pending.Length == 0)
            {
                pendingLine = i + 1;
            }
            else
            {
                pending.Append(' ');
            }

            if (trimmed.EndsWith('\\'))
            {
                pending.Append(trimmed[..^1].TrimEnd());
                continue;
            }

            pending.Append(trimmed);
            commands.Add(new ReadmeCommand(pending.ToString(), pendingLine, section));
            pending.Clear();
        }

        return commands;
    }
}
