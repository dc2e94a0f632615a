namespace Adapter.Sandbox.ServiceNow;

/// <summary>The encoded-query operators the sandbox evaluates.</summary>
internal enum QueryOperator
{
    Equal,
    NotEqual,
    GreaterThan,
    GreaterOrEqual,
    LessThan,
    LessOrEqual,
    Like,
    NotLike,
    StartsWith,
    EndsWith,
    In,
    NotIn,
    IsEmpty,
    IsNotEmpty,
}
