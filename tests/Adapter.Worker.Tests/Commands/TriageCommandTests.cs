using System.Globalization;
using System.Text.RegularExpressions;

namespace Adapter.Worker.Tests.Commands;

public sealed partial class TriageCommandTests : IDisposable
{
    private const string OutputHeader = "id,bucket,secondary_bucket,system,severity,resolver_group,confidence,needs_review,escalation,rules";

    private static readonly string[] Buckets = ["clinical", "administrative", "interoperability"];

    private static readonly string[] Booleans = ["true", "false"];

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Triage_LabeledCsv_WritesOneContractRowPerInputRowInInputOrder()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", TicketCsv.Labeled);
        var output = _cli.PathOf("decisions.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(0);
        var text = await File.ReadAllTextAsync(output);
        Assert.Equal(OutputHeader, text.ReplaceLineEndings("\n").Split('\n')[0]);
        var records = CsvText.Parse(text);
        Assert.Equal(TicketCsv.LabeledIds, records.Skip(1).Select(r => r[0]));
        Assert.All(records.Skip(1), AssertContractRow);
    }

    [Fact]
    public async Task Triage_LabeledCsv_PrintsAccuracyRecallAndConfusionMatrix()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", TicketCsv.Labeled);
        var output = _cli.PathOf("decisions.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(0);
        var stdout = result.StandardOutput;
        var accuracy = BucketAccuracyLine().Match(stdout);
        Assert.True(accuracy.Success, result.ToString());
        Assert.InRange(double.Parse(accuracy.Groups["value"].Value, CultureInfo.InvariantCulture), 0.0, 1.0);
        Assert.Equal(TicketCsv.LabeledIds.Length.ToString(CultureInfo.InvariantCulture), accuracy.Groups["labeled"].Value);
        Assert.Contains("severity-1 recall", stdout, StringComparison.Ordinal);
        Assert.Contains("bucket: labeled (rows) x decided (columns)", stdout, StringComparison.Ordinal);
        var matrixRows = stdout.ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim('│', '|', ' '))
            .Where(l => Buckets.Any(b => l.StartsWith(b + " ", StringComparison.Ordinal)) && l.Any(char.IsDigit))
            .ToList();
        Assert.Equal(Buckets.Length, matrixRows.Count);
    }

    [Fact]
    public async Task Triage_UnlabeledCsv_PrintsNoAccuracyLines()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", TicketCsv.Unlabeled);
        var output = _cli.PathOf("decisions.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(0);
        Assert.DoesNotContain("accuracy", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("recall", result.StandardOutput, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("labeled (rows)", result.StandardOutput, StringComparison.Ordinal);
        var records = CsvText.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(TicketCsv.UnlabeledIds, records.Skip(1).Select(r => r[0]));
        Assert.All(records.Skip(1), AssertContractRow);
    }

    [Fact]
    public async Task Triage_TitleWithEmptyDescription_IsAccepted()
    {
        // Arrange
        var input = _cli.WriteFile("tickets.csv", "id,title,description\nP-1,Label printer jammed at the nurses station,\nP-2,Badge reader offline,\"\"\n");
        var output = _cli.PathOf("decisions.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(0);
        var records = CsvText.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(["P-1", "P-2"], records.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task Triage_SampleTickets_BucketAccuracyIsAtLeastNinetyPercent()
    {
        // Arrange
        var input = Path.Combine(CliRunner.RepositoryRoot, "samples", "tickets.csv");
        var output = _cli.PathOf("decisions.csv");

        // Act
        var result = await _cli.RunAsync("triage", "--input", input, "--output", output);

        // Assert
        result.ExpectExitCode(0);
        var accuracy = BucketAccuracyLine().Match(result.StandardOutput);
        Assert.True(accuracy.Success, result.ToString());
        var value = double.Parse(accuracy.Groups["value"].Value, CultureInfo.InvariantCulture);
        Assert.True(value >= 0.90, $"bucket accuracy on samples/tickets.csv is {accuracy.Value}, expected at least 0.900");
    }

    private static void AssertContractRow(string[] row)
    {
        Assert.Equal(10, row.Length);
        var (bucket, secondary, system, severity, group, confidence, needsReview, escalation, rules) =
            (row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]);
        Assert.Contains(bucket, Buckets);
        Assert.True(secondary.Length == 0 || (Buckets.Contains(secondary) && secondary != bucket), $"secondary_bucket '{secondary}'");
        Assert.Matches("^[a-z_]+$", system);
        Assert.InRange(int.Parse(severity, NumberStyles.None, CultureInfo.InvariantCulture), 1, 4);
        Assert.False(string.IsNullOrWhiteSpace(group));
        Assert.InRange(double.Parse(confidence, NumberStyles.Float, CultureInfo.InvariantCulture), 0.0, 1.0);
        Assert.Contains(needsReview, Booleans);
        Assert.Matches("^[a-z_]*$", escalation);
        Assert.All(rules.Split(';', StringSplitOptions.RemoveEmptyEntries), id => Assert.Matches(@"^[a-z0-9_]+(\.[a-z0-9_]+)+$", id));
    }

    [GeneratedRegex(@"bucket accuracy: (?<value>\d+(\.\d+)?) \((?<correct>\d+)/(?<labeled>\d+)\)")]
    private static partial Regex BucketAccuracyLine();
}
