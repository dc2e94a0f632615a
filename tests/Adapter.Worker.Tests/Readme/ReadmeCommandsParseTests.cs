namespace Adapter.Worker.Tests.Readme;

/// <summary>What <see cref="ReadmeCommands.Parse"/> counts as a README command.</summary>
public sealed class ReadmeCommandsParseTests
{
    private const string Markdown = """
        # Title

        ```bash
        # a comment is not a command
        first --flag

        second --a 1 \
          --b 2 \
          --c 3
        ```

        ## Other

        ```text
        output is not a command
        ```

        ```
        diagram ──▶ not a command
        ```

        ```sh
        third 'quoted # not a comment'
        ```

        ```shell
        fourth
        ```

        ```javascript
        notACommand();
        ```
        """;

    [Fact]
    public void Parse_ShellBlocks_JoinsContinuationsAndSkipsCommentsAndOtherBlocks()
    {
        // Act
        var commands = ReadmeCommands.Parse(Markdown);

        // Assert
        Assert.Equal(["first --flag", "second --a 1 --b 2 --c 3", "third 'quoted # not a comment'", "fourth"], commands.Select(c => c.Text));
        Assert.Equal([5, 7, 23, 27], commands.Select(c => c.Line));
        Assert.Equal(["Title", "Title", "Other", "Other"], commands.Select(c => c.Section));
    }

    [Fact]
    public void Parse_BlockEndsInsideAContinuation_Throws()
    {
        // Arrange
        const string markdown = "```bash\nfirst \\\n```\n";

        // Act
        var error = Record.Exception(() => ReadmeCommands.Parse(markdown));

        // Assert
        Assert.IsType<FormatException>(error);
    }
}
