using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

internal enum RuleKind
{
    Bucket = 0,
    System = 1,
    Severity = 2,
}

/// <summary>A configured rule reduced to what matching needs; effect texts are built once here
/// so that explaining a decision allocates nothing per ticket.</summary>
internal sealed class CompiledRule
{
    public required string Id { get; init; }

    public required RuleKind Kind { get; init; }

    public Bucket Bucket { get; init; }

    public Bucket? BucketHint { get; init; }

    public SystemKind System { get; init; }

    public SeveritySignal Signal { get; init; }

    public double Weight { get; init; }

    public bool Negatable { get; init; }

    public required string Effect { get; init; }

    public required string NegatedEffect { get; init; }
}
