using Adapter.Core.Platforms.Jira;
using Adapter.Worker.Processing;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>What the adapter learns from the site once: its own accountId (loop prevention) and
/// the time zone the site reads JQL dates in for this account.</summary>
internal sealed class JiraSiteContext(IJiraApi api, IOptionsMonitor<JiraOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Identity? _identity;

    public async Task<string> AccountIdAsync(CancellationToken cancellationToken) => (await LoadAsync(cancellationToken)).AccountId;

    public async Task<TimeZoneInfo> TimeZoneAsync(CancellationToken cancellationToken) => (await LoadAsync(cancellationToken)).TimeZone;

    private async Task<Identity> LoadAsync(CancellationToken cancellationToken)
    {
        if (_identity is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_identity is { } raced)
            {
                return raced;
            }

            using var response = await api.MyselfAsync(cancellationToken);
            if (!response.IsSuccessStatusCode || response.Content is not { AccountId.Length: > 0 } me)
            {
                throw new PlatformCallException($"Jira /myself failed: HTTP {(int?)response.StatusCode}; check Jira:SiteUrl and the credentials", response.StatusCode);
            }

            var configured = options.CurrentValue.TimeZone;
            var zoneId = !string.IsNullOrWhiteSpace(configured) ? configured : me.TimeZone;
            var zone = TimeZoneInfo.Utc;
            if (!string.IsNullOrWhiteSpace(zoneId) && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
            {
                throw new InvalidOperationException($"Jira:TimeZone: '{zoneId}' is not a known time zone id on this machine.");
            }

            _identity = new Identity(me.AccountId, zone ?? TimeZoneInfo.Utc);
            return _identity;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Identity(string AccountId, TimeZoneInfo TimeZone);
}
