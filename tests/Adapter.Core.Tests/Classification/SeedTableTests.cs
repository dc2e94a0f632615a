using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Classification;

/// <summary>The guide's categorization table (<c>Fixtures/seed-table.csv</c>) must always hold.</summary>
public sealed class SeedTableTests
{
    public static TheoryData<string, string, string, string, string, string> Rows()
    {
        var data = new TheoryData<string, string, string, string, string, string>();
        foreach (var row in CsvTable.Read(RepositoryFiles.Fixture("seed-table.csv")))
        {
            data.Add(row["id"], row["title"], row["description"], row["bucket"], row["secondary_bucket"], row["system"]);
        }

        return data;
    }

    [Fact]
    public void Fixture_Loaded_HasEveryGuideExample()
    {
        // Arrange / Act
        var rows = Rows();

        // Assert
        Assert.Equal(8, rows.Count);
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Classify_SeedRow_GetsBucketAndSystem(string id, string title, string description, string bucket, string secondary, string system)
    {
        // Arrange
        var classifier = RepositoryFiles.Classifier;

        // Act
        var decision = classifier.Classify(title, description);

        // Assert
        Assert.Equal(system, decision.System.ToWire());
        if (string.IsNullOrEmpty(secondary))
        {
            Assert.Equal(bucket, decision.Bucket.ToWire());
        }
        else
        {
            // S5 spans two kinds of work: both must be reported, in either order.
            Bucket?[] decided = [decision.Bucket, decision.SecondaryBucket];
            Assert.True(
                decided.Contains(WireNames.ParseBucket(bucket)) && decided.Contains(WireNames.ParseBucket(secondary)),
                $"{id}: expected {bucket}+{secondary}, got {decision.Bucket.ToWire()}+{decision.SecondaryBucket?.ToWire()}");
        }
    }
}
