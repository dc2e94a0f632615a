using Adapter.Core.Classification;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Classification;

/// <summary>The accuracy the shipped rules must keep on the labeled tuning set
/// (<c>samples/tickets.csv</c>, labeled per <c>samples/LABELING.md</c>).</summary>
public sealed class SampleSetTests
{
    [Fact]
    public void Classify_TuningSamples_MeetAccuracyTargets()
    {
        // Arrange
        var rows = CsvTable.Read(RepositoryFiles.PathOf("samples", "tickets.csv"));
        var evaluation = new TriageEvaluation();

        // Act
        foreach (var row in rows)
        {
            var decision = RepositoryFiles.Classifier.Classify(row["title"], row["description"]);
            evaluation.Add(Labels(row), decision);
        }

        // Assert
        Assert.True(rows.Count > 300, $"only {rows.Count} samples read");
        Assert.True(evaluation.BucketAccuracy >= 0.90, $"bucket accuracy {evaluation.BucketAccuracy:F3}");
        Assert.True(evaluation.SeverityExactAccuracy >= 0.75, $"severity exact {evaluation.SeverityExactAccuracy:F3}");
        Assert.True(evaluation.SeverityOneRecall >= 0.95, $"severity-1 recall {evaluation.SeverityOneRecall:F3}");
    }

    private static TriageLabels Labels(Dictionary<string, string> row) => new(
        WireNames.TryParseBucket(row["bucket"], out var b) ? b : null,
        WireNames.TryParseBucket(row["secondary_bucket"], out var s) ? s : null,
        WireNames.TryParseSystem(row["system"], out var k) ? k : null,
        int.TryParse(row["severity"], out var severity) ? severity : null);
}
