using Adapter.Worker.Platforms.ServiceNow;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Hosting;

/// <summary>A cheap call that shows a platform answers with the adapter's credentials.</summary>
public interface IPlatformProbe
{
    string Platform { get; }

    /// <summary>Null when reachable, else a reason (no ticket data).</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>What <c>/readyz</c> checks beyond the store and the configuration: each platform,
/// each result kept for <see cref="AdapterOptions.ReadinessCacheInterval"/> so probes do not
/// hammer the instance.</summary>
internal sealed class PlatformReachability(
    IEnumerable<IPlatformProbe> probes,
    IOptionsMonitor<AdapterOptions> options,
    TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, (DateTimeOffset At, string? Problem)> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<string>> ProblemsAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var problems = new List<string>();
            var interval = options.CurrentValue.ReadinessCacheInterval;

            // Configuration validity is TriageRules' job: it validates the whole file on every
            // change and /readyz reports its verdict, so it is never stale here.
            foreach (var probe in probes)
            {
                var problem = await CachedAsync("platform:" + probe.Platform, interval, async ct =>
                {
                    try
                    {
                        return await probe.ProbeAsync(ct);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        return $"unreachable ({ex.GetType().Name})";
                    }
                }, cancellationToken);
                if (problem is not null)
                {
                    problems.Add($"{probe.Platform} {problem}");
                }
            }

            return problems;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<string?> CachedAsync(string key, TimeSpan interval, Func<CancellationToken, Task<string?>> check, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < interval)
        {
            return cached.Problem;
        }

        var problem = await check(cancellationToken);
        _cache[key] = (now, problem);
        return problem;
    }
}

/// <summary>Jira answers when the adapter's own account can be read (<c>/myself</c>).</summary>
internal sealed class JiraProbe(Adapter.Core.Platforms.Jira.IJiraApi api) : IPlatformProbe
{
    public string Platform => Adapter.Worker.Platforms.Jira.JiraPlatform.PlatformName;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var response = await api.MyselfAsync(cancellationToken);
        return ProbeAnswer.Describe(response);
    }
}

/// <summary>What a probe's answer says about the platform: nothing when it answered 2xx.</summary>
internal static class ProbeAnswer
{
    public static string? Describe(Refit.IApiResponse response)
    {
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var status = (int?)response.StatusCode ?? 0;
        return status == 0 ? $"unreachable ({response.Error?.InnerException?.GetType().Name ?? response.Error?.GetType().Name})" : $"answered HTTP {status}";
    }
}

/// <summary>ServiceNow answers when one incident id can be listed.</summary>
internal sealed class ServiceNowProbe(Adapter.Core.Platforms.ServiceNow.IServiceNowTableApi api, IOptionsMonitor<ServiceNowOptions> options) : IPlatformProbe
{
    public string Platform => ServiceNowPlatform.PlatformName;

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var response = await api.ListAsync(options.CurrentValue.Table, "", 1, 0, "sys_id", cancellationToken);
        return ProbeAnswer.Describe(response);
    }
}
