namespace Adapter.Core.Classification;

/// <summary>One thing wrong with the configuration: the key path as an admin would write it in
/// an environment variable or JSON (<c>Triage:BucketRules:3:Phrases:2</c>) and why.</summary>
public sealed record ConfigProblem(string KeyPath, string Reason)
{
    public override string ToString() => $"{KeyPath}: {Reason}";
}

/// <summary>Thrown when configuration cannot be used; carries every problem found.</summary>
public sealed class TriageConfigurationException : Exception
{
    public TriageConfigurationException(IReadOnlyList<ConfigProblem> problems)
        : base("Invalid triage configuration: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    public TriageConfigurationException()
        : this([])
    {
    }

    public TriageConfigurationException(string message)
        : base(message)
    {
        Problems = [];
    }

    public TriageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    public IReadOnlyList<ConfigProblem> Problems { get; } = [];
}
