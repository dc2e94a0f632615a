using Adapter.Worker.Processing;
using Adapter.Worker.Storage;

namespace Adapter.Worker.Hosting;

/// <summary><c>/readyz</c>: the store answers, each platform answered within the cached interval,
/// the configuration is valid and the triage rules in force are the file's.</summary>
internal static class Readiness
{
    public static async Task<IResult> Handle(IAdapterStore store, TriageRules rules, PlatformReachability reachability, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        try
        {
            await store.CountInboxAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            problems.Add("store unavailable");
        }

        problems.AddRange(await reachability.ProblemsAsync(cancellationToken));

        // TriageRules keeps the metric; this only reports.
        problems.AddRange(rules.RejectedEdit.Select(p => $"triage rules edit refused (last good rules in force): {p}"));
        return problems.Count == 0
            ? Results.Json(new { status = "ready" })
            : Results.Json(new { status = "not ready", problems }, statusCode: 503);
    }
}
