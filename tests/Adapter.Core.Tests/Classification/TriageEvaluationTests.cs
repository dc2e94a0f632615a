using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Classification;

public sealed class TriageEvaluationTests
{
    private static TriageDecision Decision(Bucket bucket, SystemKind system, int severity) =>
        new(bucket, null, system, severity, "Service Desk", 0.9, false, null, []);

    [Fact]
    public void Add_MixedResults_ComputesAccuracyAndRecall()
    {
        // Arrange
        var evaluation = new TriageEvaluation();

        // Act
        evaluation.Add(new TriageLabels(Bucket.Clinical, null, SystemKind.Ehr, 1), Decision(Bucket.Clinical, SystemKind.Ehr, 1));
        evaluation.Add(new TriageLabels(Bucket.Clinical, null, SystemKind.Ehr, 1), Decision(Bucket.Administrative, SystemKind.Device, 2));
        evaluation.Add(new TriageLabels(Bucket.Administrative, null, SystemKind.Identity, 3), Decision(Bucket.Administrative, SystemKind.Identity, 4));
        evaluation.Add(new TriageLabels(Bucket.Interoperability, null, SystemKind.InterfaceEngine, 2), Decision(Bucket.Interoperability, SystemKind.Ehr, 2));

        // Assert
        Assert.Equal(0.75, evaluation.BucketAccuracy);
        Assert.Equal(0.5, evaluation.SystemAccuracy);
        Assert.Equal(0.5, evaluation.SeverityExactAccuracy);
        Assert.Equal(1.0, evaluation.SeverityWithinOneAccuracy);
        Assert.Equal(0.5, evaluation.SeverityOneRecall);
        Assert.Equal(1, evaluation.BucketConfusion(Bucket.Clinical, Bucket.Administrative));
        Assert.Equal(1, evaluation.SeverityConfusion(3, 4));
    }

    [Fact]
    public void Add_DecisionMatchesSecondaryLabel_CountsAsCorrect()
    {
        // Arrange
        var evaluation = new TriageEvaluation();
        var labels = new TriageLabels(Bucket.Clinical, Bucket.Interoperability, null, null);

        // Act
        evaluation.Add(labels, Decision(Bucket.Interoperability, SystemKind.Ehr, 3));

        // Assert
        Assert.Equal(1.0, evaluation.BucketAccuracy);
        Assert.Equal(1, evaluation.BucketConfusion(Bucket.Clinical, Bucket.Clinical));
    }

    [Fact]
    public void Metrics_NoLabels_AreNaN()
    {
        // Arrange
        var evaluation = new TriageEvaluation();

        // Act
        evaluation.Add(default, Decision(Bucket.Clinical, SystemKind.Ehr, 3));

        // Assert
        Assert.False(evaluation.HasLabels);
        Assert.True(double.IsNaN(evaluation.BucketAccuracy));
        Assert.True(double.IsNaN(evaluation.SeverityOneRecall));
    }
}
