using System.Text.RegularExpressions;

namespace Adapter.Core.Classification;

/// <summary>Options for the admin-configured regular expressions: case-insensitive, culture
/// invariant, and linear-time so that a careless pattern cannot stall triage.</summary>
internal static class PatternMatcher
{
    public const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
}
