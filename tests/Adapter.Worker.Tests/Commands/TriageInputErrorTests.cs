namespace Adapter.Worker.Tests.Commands;

/// <summary>A bad batch is a user error: exit 1, one <c>error:</c> line naming the file (and the
/// row), and no output file, not even a partial one.</summary>
public sealed class TriageInputErrorTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public TriageInputErrorTests()
    {
        // A fresh, empty directory for the output: afterwards it must still be empty.
        Directory.CreateDirectory(OutputDirectory);
    }

    private string OutputDirectory => _cli.PathOf("out");

    private string OutputPath => Path.Combine(OutputDirectory, "decisions.csv");

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Triage_MissingInputFile_ExitsOneNamingTheFile()
    {
        // Arrange
        var input = _cli.PathOf("no-such-tickets.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath);

        // Assert
        AssertRejected(result, "no-such-tickets.csv");
    }

    [Fact]
    public async Task Triage_HeaderWithoutDescriptionColumn_ExitsOneNamingTheColumn()
    {
        // Arrange
        var input = _cli.WriteFile("no-description.csv", "id,title,bucket\nA-1,Printer offline,administrative\n");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath);

        // Assert
        AssertRejected(result, "no-description.csv", "description");
    }

    [Fact]
    public async Task Triage_UnterminatedQuote_ExitsOneNamingFileAndRow()
    {
        // Arrange
        var input = _cli.WriteFile("unterminated.csv", "id,title,description\nQ-1,\"Scanner will not read wristbands,Bedside scanner beeps but nothing happens\nQ-2,Fax server down,No faxes since 8am\n");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath);

        // Assert
        AssertRejected(result, "unterminated.csv", "row 2");
    }

    [Fact]
    public async Task Triage_RowWithNeitherTitleNorDescription_ExitsOneNamingFileAndRow()
    {
        // Arrange
        var input = _cli.WriteFile("blank-row.csv", "id,title,description\nB-1,Printer offline,Printer on 3 East shows offline\nB-2,,\nB-3,Fax server down,No faxes since 8am\n");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath);

        // Assert
        AssertRejected(result, "blank-row.csv", "row 3", "B-2");
    }

    [Fact]
    public async Task Triage_UnknownBucketLabel_ExitsOneNamingFileAndRow()
    {
        // Arrange
        var input = _cli.WriteFile("bad-label.csv", "id,title,description,bucket\nL-1,Printer offline,Printer on 3 East shows offline,hardware\n");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath);

        // Assert
        AssertRejected(result, "bad-label.csv", "row 2", "hardware");
    }

    [Fact]
    public async Task Triage_InvalidConfiguration_ExitsOneWithoutOutput()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", TicketCsv.Unlabeled);
        var overlay = _cli.WriteFile("bad.json", """{"Triage":{"ConfidenceThreshold":1.5}}""");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", OutputPath, "--config", overlay);

        // Assert
        result.ExpectExitCode(1);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("Triage:ConfidenceThreshold:", StringComparison.Ordinal));
        Assert.StartsWith("error:", result.ErrorLines[^1], StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(OutputDirectory));
    }

    [Fact]
    public async Task Triage_OutputDirectoryMissing_ExitsOneWithOneErrorLine()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", TicketCsv.Unlabeled);
        var output = _cli.PathOf(Path.Combine("missing", "decisions.csv"));

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(1);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.Contains("decisions.csv", line, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    private void AssertRejected(CliResult result, params string[] fragments)
    {
        result.ExpectExitCode(1);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.All(fragments, f => Assert.Contains(f, line, StringComparison.Ordinal));
        Assert.False(File.Exists(OutputPath), "the output file exists after a rejected batch");
        Assert.Empty(Directory.EnumerateFileSystemEntries(OutputDirectory));
    }
}
