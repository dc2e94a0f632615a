using Adapter.Core.Classification;

namespace Adapter.Core.Tests.Classification;

public sealed class TriageOptionsValidatorTests
{
    private static IReadOnlyList<ConfigProblem> ValidateEdited(Action<TriageOptions> edit)
    {
        var options = RepositoryFiles.LoadTriageOptions();
        edit(options);
        return TriageOptionsValidator.Validate(options);
    }

    private static void AssertProblem(IReadOnlyList<ConfigProblem> problems, string keyPath, string reasonPart) =>
        Assert.Contains(problems, p => p.KeyPath == keyPath && p.Reason.Contains(reasonPart, StringComparison.Ordinal));

    [Fact]
    public void Validate_RepositoryConfiguration_HasNoProblems()
    {
        // Arrange
        var options = RepositoryFiles.LoadTriageOptions();

        // Act
        var problems = TriageOptionsValidator.Validate(options);

        // Assert
        Assert.Empty(problems);
    }

    [Fact]
    public void Validate_UnknownBucket_ReportsKeyPathAndReason()
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.BucketRules[0].Bucket = "clinicl");

        // Assert
        AssertProblem(problems, "Triage:BucketRules:0:Bucket", "unknown bucket 'clinicl'");
    }

    [Fact]
    public void Validate_UnknownResolverGroup_ReportsKeyPathAndReason()
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.Routing.Routes[1].ResolverGroup = "Night Owls");

        // Assert
        AssertProblem(problems, "Triage:Routing:Routes:1:ResolverGroup", "unknown resolver group 'Night Owls'");
    }

    [Fact]
    public void Validate_EmptyPhrase_ReportsKeyPathAndReason()
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.BucketRules[2].Phrases[1] = " - ");

        // Assert
        AssertProblem(problems, "Triage:BucketRules:2:Phrases:1", "phrase is empty");
    }

    [Fact]
    public void Validate_InvalidPattern_ReportsKeyPathAndReason()
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.SeverityRules[0].Patterns.Add("(unclosed"));

        // Assert
        var key = $"Triage:SeverityRules:0:Patterns:{RepositoryFiles.LoadTriageOptions().SeverityRules[0].Patterns.Count}";
        AssertProblem(problems, key, "invalid pattern");
    }

    [Fact]
    public void Validate_DuplicateRuleId_ReportsBothKeyPaths()
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.SystemRules[1].Id = o.BucketRules[0].Id);

        // Assert
        AssertProblem(problems, "Triage:SystemRules:1:Id", "also at Triage:BucketRules:0:Id");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Validate_ThresholdOutOfRange_ReportsKeyPathAndReason(double threshold)
    {
        // Arrange / Act
        var problems = ValidateEdited(o => o.ConfidenceThreshold = threshold);

        // Assert
        AssertProblem(problems, "Triage:ConfidenceThreshold", "must be between 0 and 1");
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryProblem()
    {
        // Arrange
        var options = RepositoryFiles.LoadTriageOptions();
        options.BucketRules[0].Bucket = "nope";
        options.ConfidenceThreshold = 2;

        // Act
        var ex = Assert.Throws<TriageConfigurationException>(() => new TriageClassifier(options));

        // Assert
        Assert.Equal(2, ex.Problems.Count);
    }
}
