using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Adapter.Sandbox.Jira;

namespace Adapter.PipelineBench;

/// <summary>The Jira sandbox with the components the shipped <c>Jira:Fields</c> name; notices are the
/// site's own <c>jira:issue_created</c> bodies, signed as the site signs them; the adapter's note is
/// its comment. When the comment was written is read from the site's own change feed
/// (<see cref="JiraChangeFeed"/>), not from the issue's <c>updated</c> time: the sandbox keeps that
/// strictly increasing by a millisecond per change, which runs ahead of the clock above ~1,000
/// changes a second.</summary>
internal sealed class JiraSite : IBenchSite
{
    /// <summary>What the read and write counts are made of.</summary>
    public const string CallsCounted = "reads: `GET /rest/api/3/…` (JQL search, issue); writes: `PUT /rest/api/3/issue/{key}` (fields) and `POST /rest/api/3/issue/{key}/comment`";

    private const string Secret = "bench-jira-webhook-secret-not-real";
    private readonly JiraSandboxOptions _options = new() { ApiToken = "bench-jira-api-token" };
    private readonly JiraSandbox _sandbox;
    private readonly JiraChangeFeed _feed;
    private readonly Dictionary<string, string> _settings;
    private int _notices;

    public JiraSite(int instanceRequestsPerSecond)
    {
        _sandbox = JiraSandbox.Start(_options);
        foreach (var component in RepositoryFiles.JiraComponents())
        {
            _sandbox.AddComponent(component);
        }

        _feed = new JiraChangeFeed(_options.AccountId);
        _sandbox.EnableWebhooks(_feed.Url, Secret);
        _settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Jira:Enabled"] = "true",
            ["Jira:SiteUrl"] = _sandbox.Url,
            ["Jira:Email"] = _options.Email,
            ["Jira:ApiToken"] = _options.ApiToken,
            ["Jira:Jql"] = $"project = {_options.ProjectKey}",
            ["Jira:WebhookSecret"] = Secret,
            ["Jira:RequestsPerSecond"] = instanceRequestsPerSecond.ToString(CultureInfo.InvariantCulture),
        };

        // ServiceNow stays off, but its shipped group map has empty sys_ids, which validation
        // refuses once any other source is layered over the file.
        foreach (var group in RepositoryFiles.RoutingGroups())
        {
            _settings[$"ServiceNow:Fields:AssignmentGroups:{group}"] = "unused";
        }
    }

    public PlatformKind Platform => PlatformKind.Jira;

    public IReadOnlyDictionary<string, string> WorkerSettings => _settings;

    public string PollingEnabledKey => "Jira:PollingEnabled";

    public string PollIntervalKey => "Jira:PollInterval";

    public string CallsDescription => CallsCounted;

    public string AddTicket(int index)
    {
        var ticket = RepositoryFiles.Tickets[index % RepositoryFiles.Tickets.Count];
        return _sandbox.AddIssue(ticket.Title, ticket.Description);
    }

    public HttpRequestMessage Notice(string id)
    {
        var body = _sandbox.WebhookBody(id, "jira:issue_created");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/jira") { Content = content };
        request.Headers.Add("X-Hub-Signature", JiraSandbox.Sign(body, Secret));
        request.Headers.Add("X-Atlassian-Webhook-Identifier", string.Create(CultureInfo.InvariantCulture, $"bench-{Interlocked.Increment(ref _notices)}"));
        return request;
    }

    public IReadOnlyList<DateTimeOffset> AdapterNotes(string id) => _feed.AdapterComments(id);

    public PlatformCalls Calls() => new(
        _sandbox.CountRequests("GET", "/rest/api/3/"),
        _sandbox.CountRequests("PUT", "/rest/api/3/issue") + _sandbox.CountRequests("POST", "/rest/api/3/issue"));

    public void Dispose()
    {
        _sandbox.Dispose();
        _feed.Dispose();
    }
}

/// <summary>Receives the Jira sandbox's webhooks on a loopback port and keeps, per issue, when the
/// adapter's account commented: the body's <c>timestamp</c> is taken when the change is made, so a
/// delivery queue behind it does not skew the time.</summary>
internal sealed class JiraChangeFeed : IDisposable
{
    private readonly string _adapterAccount;
    private readonly System.Net.HttpListener _listener = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _comments = new(StringComparer.Ordinal);
    private readonly Task _loop;

    public JiraChangeFeed(string adapterAccount)
    {
        _adapterAccount = adapterAccount;
        var port = FreePort.Next();
        Url = new Uri($"http://127.0.0.1:{port}/jira-events/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(ReceiveAsync);
    }

    public Uri Url { get; }

    public IReadOnlyList<DateTimeOffset> AdapterComments(string key)
    {
        lock (_comments)
        {
            return _comments.TryGetValue(key, out var times) ? [.. times] : [];
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            System.Net.HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                using var document = await JsonDocument.ParseAsync(context.Request.InputStream);
                Record(document.RootElement);
            }
            catch (JsonException)
            {
            }
            finally
            {
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }
    }

    private void Record(JsonElement change)
    {
        if (change.GetProperty("webhookEvent").GetString() != "comment_created"
            || !change.TryGetProperty("user", out var user) || user.GetProperty("accountId").GetString() != _adapterAccount)
        {
            return;
        }

        var key = change.GetProperty("issue").GetProperty("key").GetString()!;
        var at = DateTimeOffset.FromUnixTimeMilliseconds(change.GetProperty("timestamp").GetInt64());
        lock (_comments)
        {
            if (!_comments.TryGetValue(key, out var times))
            {
                _comments[key] = times = [];
            }

            times.Add(at);
        }
    }
}
