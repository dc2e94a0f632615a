using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Taxonomy;

public sealed class WireNamesTests
{
    [Fact]
    public void ToWire_EveryBucketAndSystem_RoundTrips()
    {
        // Arrange / Act / Assert
        foreach (var bucket in Enum.GetValues<Bucket>())
        {
            Assert.Equal(bucket, WireNames.ParseBucket(bucket.ToWire()));
        }

        foreach (var system in Enum.GetValues<SystemKind>())
        {
            Assert.Equal(system, WireNames.ParseSystem(system.ToWire()));
        }
    }

    [Theory]
    [InlineData(" Clinical ", true)]
    [InlineData("INTEROPERABILITY", true)]
    [InlineData("interop", false)]
    [InlineData(null, false)]
    public void TryParseBucket_Input_AcceptsOnlyKnownNames(string? value, bool expected)
    {
        // Arrange / Act
        var parsed = WireNames.TryParseBucket(value, out _);

        // Assert
        Assert.Equal(expected, parsed);
    }

    [Fact]
    public void TryParseTrigger_Empty_IsNone()
    {
        // Arrange / Act
        var parsed = WireNames.TryParseTrigger("", out var trigger);

        // Assert
        Assert.False(parsed);
        Assert.Equal(EscalationTrigger.None, trigger);
    }
}
