namespace Adapter.Core.Taxonomy;

/// <summary>The kind of work that is broken (seed section 3). Wire names: <c>clinical</c>,
/// <c>administrative</c>, <c>interoperability</c>.</summary>
public enum Bucket
{
    Clinical = 0,
    Administrative = 1,
    Interoperability = 2,
}
