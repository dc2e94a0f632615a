using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Adapter.Worker.Platforms.Jira;

/// <summary>Adds the site credentials to every call: e-mail + API token as Basic, or a bearer token.</summary>
internal sealed class JiraAuthHandler(IOptionsMonitor<JiraOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        request.Headers.Authorization = o.AuthMode == JiraAuthMode.Bearer
            ? new AuthenticationHeaderValue("Bearer", o.BearerToken)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Email}:{o.ApiToken}")));
        return base.SendAsync(request, cancellationToken);
    }
}
