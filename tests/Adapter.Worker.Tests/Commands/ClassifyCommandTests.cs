using System.Globalization;
using System.Text.Json;

namespace Adapter.Worker.Tests.Commands;

public sealed class ClassifyCommandTests : IDisposable
{
    private static readonly string[] CsvColumnsWithoutId =
        ["bucket", "secondary_bucket", "system", "severity", "resolver_group", "confidence", "needs_review", "escalation", "rules"];

    private static readonly string[] Buckets = ["clinical", "administrative", "interoperability"];

    private static readonly JsonValueKind[] BooleanKinds = [JsonValueKind.True, JsonValueKind.False];

    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Classify_Title_PrintsBucketSystemSeverityResolverGroupAndRules()
    {
        // Arrange
        const string title = "Epic scheduling grid will not load for the front desk";

        // Act
        var result = await _cli.RunAsync("classify", title);

        // Assert
        result.ExpectExitCode(0);
        var lines = result.StandardOutput.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith("administrative", Field(lines, "bucket"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(Field(lines, "system")));
        Assert.InRange(int.Parse(Field(lines, "severity"), CultureInfo.InvariantCulture), 1, 4);
        Assert.False(string.IsNullOrWhiteSpace(Field(lines, "resolver group")));
        var rulesAt = Array.FindIndex(lines, l => l.TrimEnd() == "rules:");
        Assert.True(rulesAt >= 0, result.ToString());
        var ruleLines = lines.Skip(rulesAt + 1).Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Trim().Length > 0).ToList();
        Assert.Contains(ruleLines, l => l.TrimStart().StartsWith("bucket.", StringComparison.Ordinal));
        Assert.Empty(result.StandardError);
    }

    [Theory]
    [InlineData("Epic scheduling grid will not load for the front desk", "administrative")]
    [InlineData("Epic login works but ADT messages stopped crossing to the lab system", "interoperability")]
    public async Task Classify_KnownTitle_DecidesExpectedBucket(string title, string expectedBucket)
    {
        // Arrange
        string[] arguments = ["classify", title, "--json"];

        // Act
        var result = await _cli.RunAsync(arguments);

        // Assert
        result.ExpectExitCode(0);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(expectedBucket, json.RootElement.GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task Classify_TitleAndDescription_ReadsTheDescription()
    {
        // Arrange
        const string title = "Help please";
        const string description = "ADT messages stopped crossing from Epic to the lab system since 9am";

        // Act
        var result = await _cli.RunAsync("classify", title, description, "--json");

        // Assert
        result.ExpectExitCode(0);
        using var json = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("interoperability", json.RootElement.GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task Classify_Json_HasExactlyTheCsvColumnsWithoutIdPlusExplanation()
    {
        // Arrange
        const string title = "Epic login works but ADT messages stopped crossing to the lab system";

        // Act
        var result = await _cli.RunAsync("classify", title, "--json");

        // Assert
        result.ExpectExitCode(0);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        var keys = root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal([.. CsvColumnsWithoutId.Append("explanation").Order(StringComparer.Ordinal)], keys);

        Assert.Contains(root.GetProperty("bucket").GetString(), Buckets);
        var secondary = root.GetProperty("secondary_bucket").GetString();
        Assert.True(secondary == "" || Buckets.Contains(secondary), $"secondary_bucket '{secondary}'");
        Assert.False(string.IsNullOrEmpty(root.GetProperty("system").GetString()));
        Assert.InRange(root.GetProperty("severity").GetInt32(), 1, 4);
        Assert.False(string.IsNullOrEmpty(root.GetProperty("resolver_group").GetString()));
        Assert.InRange(root.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        Assert.Contains(root.GetProperty("needs_review").ValueKind, BooleanKinds);
        Assert.Equal(JsonValueKind.String, root.GetProperty("escalation").ValueKind);

        var ruleIds = root.GetProperty("rules").GetString()!.Split(';');
        var explained = root.GetProperty("explanation").EnumerateArray().ToList();
        Assert.NotEmpty(explained);
        Assert.All(explained, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("effect").GetString())));
        Assert.Equal(ruleIds, explained.Select(e => e.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Classify_NoText_ExitsOne()
    {
        // Arrange
        string[] arguments = ["classify"];

        // Act
        var result = await _cli.RunAsync(arguments);

        // Assert
        result.ExpectExitCode(1);
        Assert.NotEmpty(result.StandardError);
    }

    /// <summary>The value of a <c>label:   value</c> line of the text output.</summary>
    private static string Field(string[] lines, string label)
    {
        var line = Assert.Single(lines, l => l.StartsWith(label + ":", StringComparison.Ordinal));
        return line[(label.Length + 1)..].Trim();
    }
}
