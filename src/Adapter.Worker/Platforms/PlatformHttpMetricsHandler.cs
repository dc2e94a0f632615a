using System.Globalization;
using Adapter.Worker.Hosting;

namespace Adapter.Worker.Platforms;

/// <summary>Counts every HTTP attempt to a platform by method and status code ("error" when no
/// answer came). Sits inside the resilience handler, so each retry counts.</summary>
internal sealed class PlatformHttpMetricsHandler(AdapterMetrics metrics, string platform) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.HttpCall(platform, request.Method.Method, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            metrics.HttpCall(platform, request.Method.Method, "error");
            throw;
        }
    }
}
