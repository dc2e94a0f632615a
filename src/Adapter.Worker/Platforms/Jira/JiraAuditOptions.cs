namespace Adapter.Worker.Platforms.Jira;

/// <summary>The <c>Jira:Audit</c> section: when an issue counts as closed for the closure audit.</summary>
public sealed class JiraAuditOptions
{
    /// <summary>Status category keys, comma-separated (<c>new</c>, <c>indeterminate</c>, <c>done</c>),
    /// at which the closure audit runs. Default <c>done</c>.</summary>
    public string DoneStatusCategories { get; set; } = "done";

    /// <summary>Status names, comma-separated (any case), at which the closure audit also runs, for
    /// workflows whose closing status is not in the done category. Default none.</summary>
    public string DoneStatuses { get; set; } = "";

    /// <summary>JQL of done issues whose closure the poll should see although <c>Jira:Jql</c> leaves
    /// them out, e.g. <c>project = HELP AND statusCategory = Done</c>; searched besides <c>Jira:Jql</c>
    /// with the same <c>updated</c> bound. Only issues the adapter had decided are measured. Empty
    /// (default): closures are seen where <c>Jira:Jql</c> includes done issues, or through webhooks.</summary>
    public string ClosedJql { get; set; } = "";

    public IReadOnlySet<string> DoneCategorySet() => Split(DoneStatusCategories, StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> DoneStatusSet() => Split(DoneStatuses, StringComparer.OrdinalIgnoreCase);

    private static HashSet<string> Split(string list, StringComparer comparer) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(comparer);
}
