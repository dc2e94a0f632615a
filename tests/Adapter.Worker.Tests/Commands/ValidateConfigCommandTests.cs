namespace Adapter.Worker.Tests.Commands;

public sealed class ValidateConfigCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ValidateConfig_ShippedConfiguration_ExitsZero()
    {
        // Arrange
        string[] arguments = ["validate-config"];

        // Act
        var result = await _cli.RunAsync(arguments);

        // Assert
        result.ExpectExitCode(0);
        Assert.Contains("configuration valid", result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(result.ErrorLines);
    }

    [Fact]
    public async Task ValidateConfig_ThresholdAboveOneInOverlay_ExitsOneNamingKeyPath()
    {
        // Arrange
        var overlay = _cli.WriteFile("bad.json", """{"Triage":{"ConfidenceThreshold":1.5}}""");

        // Act
        var result = await _cli.RunAsync("validate-config", "--config", overlay);

        // Assert
        AssertProblem(result, "Triage:ConfidenceThreshold");
    }

    [Theory]
    [InlineData("""{"Triage":{"BucketRules":{"0":{"Bucket":"nonsense"}}}}""", "Triage:BucketRules:0:Bucket")]
    [InlineData("""{"Triage":{"Routing":{"Routes":{"0":{"Bucket":"nonsense"}}}}}""", "Triage:Routing:Routes:0:Bucket")]
    [InlineData("""{"Triage":{"BucketRules":{"0":{"Phrases":{"0":""}}}}}""", "Triage:BucketRules:0:Phrases:0")]
    [InlineData("""{"Triage":{"BucketRules":{"0":{"Patterns":{"0":"(unclosed"}}}}}""", "Triage:BucketRules:0:Patterns:0")]
    [InlineData("""{"Triage":{"BucketRules":{"0":{"Id":"dup.rule"},"1":{"Id":"dup.rule"}}}}""", "Triage:BucketRules:1:Id")]
    [InlineData("""{"Triage":{"Routing":{"Routes":{"0":{"ResolverGroup":"Night Shift Wizards"}}}}}""", "Triage:Routing:Routes:0:ResolverGroup")]
    [InlineData("""{"Triage":{"Escalations":{"0":{"ResolverGroup":"Night Shift Wizards"}}}}""", "Triage:Escalations:0:ResolverGroup")]
    public async Task ValidateConfig_InvalidOverlay_ExitsOneNamingKeyPath(string overlayJson, string keyPath)
    {
        // Arrange
        var overlay = _cli.WriteFile("bad.json", overlayJson);

        // Act
        var result = await _cli.RunAsync("validate-config", "--config", overlay);

        // Assert
        AssertProblem(result, keyPath);
    }

    [Fact]
    public async Task ValidateConfig_EnvironmentOverrideOutOfRange_ExitsOneNamingKeyPath()
    {
        // Arrange
        var environment = new Dictionary<string, string> { ["Triage__ConfidenceThreshold"] = "2" };

        // Act
        var result = await _cli.RunAsync(["validate-config"], environment);

        // Assert
        AssertProblem(result, "Triage:ConfidenceThreshold");
    }

    [Fact]
    public async Task ValidateConfig_MissingOverlayFile_ExitsOneWithOneErrorLine()
    {
        // Arrange
        var overlay = _cli.PathOf("absent.json");

        // Act
        var result = await _cli.RunAsync("validate-config", "--config", overlay);

        // Assert
        result.ExpectExitCode(1);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.Contains("absent.json", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConfig_MalformedOverlayJson_ExitsOneWithOneErrorLine()
    {
        // Arrange
        var overlay = _cli.WriteFile("broken.json", """{"Triage": {"ConfidenceThreshold": 0.5,}""");

        // Act
        var result = await _cli.RunAsync("validate-config", "--config", overlay);

        // Assert
        result.ExpectExitCode(1);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error:", line, StringComparison.Ordinal);
        Assert.Contains("broken.json", line, StringComparison.Ordinal);
    }

    /// <summary>Each problem is one <c>key path: reason</c> line on stderr.</summary>
    private static void AssertProblem(CliResult result, string keyPath)
    {
        result.ExpectExitCode(1);
        var line = result.ErrorLines.FirstOrDefault(l => l.StartsWith(keyPath + ":", StringComparison.Ordinal));
        Assert.True(line is not null, $"no problem reported for {keyPath}.{Environment.NewLine}{result}");
        Assert.False(string.IsNullOrWhiteSpace(line[(keyPath.Length + 1)..]), $"no reason given for {keyPath}");
        Assert.Contains(result.ErrorLines, l => l.StartsWith("configuration invalid", StringComparison.Ordinal));
    }
}
