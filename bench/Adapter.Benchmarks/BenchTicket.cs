namespace Adapter.Benchmarks;

/// <summary>One ticket as the classifier receives it.</summary>
internal readonly record struct BenchTicket(string Title, string Description)
{
    /// <summary>Characters of ticket text (title plus description).</summary>
    public int Length => Title.Length + Description.Length;
}
