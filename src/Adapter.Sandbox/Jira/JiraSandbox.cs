using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Adapter.Sandbox.ServiceNow;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Adapter.Sandbox.Jira;

/// <summary>An issue as a test reads it back.</summary>
public sealed record JiraSandboxIssue(
    string Id,
    string Key,
    string Summary,
    string Description,
    IReadOnlyList<string> Components,
    IReadOnlyList<string> Labels,
    string Priority,
    string? Assignee,
    IReadOnlyDictionary<string, string> Custom,
    DateTimeOffset Updated,
    int HistoryCount)
{
    public string ProjectKey { get; init; } = "";

    public string IssueType { get; init; } = "";

    public string Status { get; init; } = "";

    public string? Resolution { get; init; }

    /// <summary>Remote links as (globalId, url, title).</summary>
    public IReadOnlyList<(string? GlobalId, string Url, string Title)> RemoteLinks { get; init; } = [];
}

/// <summary>A comment as a test reads it back: its author and its plain text.</summary>
public sealed record JiraSandboxComment(string AuthorAccountId, string Text);

/// <summary>
/// A Jira Cloud site's REST v3 subset on WireMock.Net, on 127.0.0.1 and a free port: issues in memory with
/// changelogs and comments, the enhanced JQL search paged by <c>nextPageToken</c>, edits with
/// <c>fields</c>/<c>update</c>, ADF comments, <c>/myself</c>, <c>/field</c>, Basic (e-mail + API token) and
/// bearer auth, a rate limit with Jira's headers, the ServiceNow sandbox's seeded fault injection, and
/// signed webhooks (<c>X-Hub-Signature</c>) sent to a worker for every change.
/// </summary>
public sealed class JiraSandbox : IDisposable
{
    private readonly WireMockServer _server;
    private readonly JiraSandboxOptions _options;
    private readonly JiraIssueStore _store;
    private readonly JiraRenderer _render;
    private readonly JiraApiHandler _handler;
    private readonly FaultInjector _faults;
    private readonly RateLimiter? _rateLimiter;
    private readonly RequestLog _requests = new();
    private readonly Channel<(byte[] Body, string Id)> _webhooks = Channel.CreateUnbounded<(byte[], string)>();
    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _delivery;
    private (Uri Target, string Secret)? _webhookTarget;
    private int _delivered;
    private int _webhookNumber;
    private int _disposed;

    private JiraSandbox(JiraSandboxOptions options)
    {
        _options = options;
        _store = new JiraIssueStore(options, TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone));
        _faults = new FaultInjector(options.Faults);
        _rateLimiter = options.RateLimitPerSecond > 0 ? new RateLimiter(options.RateLimitPerSecond, options.TimeProvider) : null;
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
            Logger = new WireMockNullLogger(),
            MaxRequestLogCount = 1000,
            DisableJsonBodyParsing = true,
            DisableDeserializeFormUrlEncoded = true,
            PreWireMockMiddlewareInit = WireMockBridge.UseConnectionDrop,
        });
        Url = _server.Urls[0];
        _render = new JiraRenderer(Url, _store, options);
        _handler = new JiraApiHandler(_store, _render, options, Changed);
        _server.Given(Request.Create().UsingAnyMethod().WithPath(new WildcardMatcher(JiraApiHandler.PathPrefix + "*")))
            .RespondWith(Response.Create().WithCallback(HandleAsync));
        _delivery = Task.Run(DeliverAsync);
    }

    /// <summary>The base address, <c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>The adapter account's accountId.</summary>
    public string AccountId => _options.AccountId;

    /// <summary>How many faults have been injected so far.</summary>
    public int CountFaults => _faults.Count;

    /// <summary>Webhook deliveries answered with 2xx so far.</summary>
    public int CountWebhooksDelivered => Volatile.Read(ref _delivered);

    /// <summary>Every issue, in creation order.</summary>
    public IReadOnlyList<JiraSandboxIssue> Issues
    {
        get
        {
            lock (_store.Gate)
            {
                return [.. _store.All.Select(View)];
            }
        }
    }

    public static JiraSandbox Start(JiraSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new JiraSandbox(options);
    }

    /// <summary>Adds a component to the project (edits naming an unknown component are refused).</summary>
    public void AddComponent(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _store.AddComponent(name);
    }

    /// <summary>Creates an issue as the seed account; fires <c>jira:issue_created</c>.</summary>
    /// <returns>The issue key.</returns>
    public string AddIssue(string summary, string description)
    {
        var issue = _store.Add(summary, description, _options.SeedAccountId);
        Changed(issue, "jira:issue_created", _options.SeedAccountId, []);
        return issue.Key;
    }

    /// <summary>A person's edit in the site's UI: an <c>IssueUpdateDetails</c> JSON body applied by
    /// <paramref name="accountId"/>, with the same rules, history and webhook as a PUT.</summary>
    public void EditAsHuman(string key, string accountId, string updateJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        var issue = _store.Find(key) ?? throw new KeyNotFoundException($"No issue {key}.");
        var result = _store.Edit(issue, JsonNode.Parse(updateJson)!.AsObject(), accountId);
        if (result.Errors is not null)
        {
            throw new ArgumentException(string.Join("; ", result.Errors.Select(e => $"{e.Key}: {e.Value}")), nameof(updateJson));
        }

        if (result.Items.Count > 0)
        {
            Changed(issue, "jira:issue_updated", accountId, result.Items);
        }
    }

    /// <summary>A person moves the issue through the workflow (to <paramref name="status"/> in
    /// <paramref name="category"/>: <c>To Do</c>, <c>In Progress</c> or <c>Done</c>), setting or clearing
    /// the resolution; recorded as one history and sent as <c>jira:issue_updated</c>.</summary>
    public void TransitionAsHuman(string key, string accountId, string status, string category, string? resolution)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        if (category is not ("To Do" or "In Progress" or "Done"))
        {
            throw new ArgumentException("Category must be To Do, In Progress or Done.", nameof(category));
        }

        var issue = _store.Find(key) ?? throw new KeyNotFoundException($"No issue {key}.");
        var items = _store.Transition(issue, status, category, resolution, accountId);
        if (items.Count > 0)
        {
            Changed(issue, "jira:issue_updated", accountId, items);
        }
    }

    public JiraSandboxIssue GetIssue(string key)
    {
        var issue = _store.Find(key) ?? throw new KeyNotFoundException($"No issue {key}.");
        lock (_store.Gate)
        {
            return View(issue);
        }
    }

    public IReadOnlyList<JiraSandboxComment> Comments(string key)
    {
        var issue = _store.Find(key) ?? throw new KeyNotFoundException($"No issue {key}.");
        lock (_store.Gate)
        {
            return [.. issue.Comments.Select(c => new JiraSandboxComment(c.AuthorAccountId, PlainText(c.Body)))];
        }
    }

    /// <summary>From now on, every change is POSTed to <paramref name="target"/>, signed with <paramref name="secret"/>.</summary>
    public void EnableWebhooks(Uri target, string secret)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _webhookTarget = (target, secret);
    }

    /// <summary>The webhook body the site would send for the issue's current state.</summary>
    public byte[] WebhookBody(string key, string webhookEvent, string? accountId = null)
    {
        var issue = _store.Find(key) ?? throw new KeyNotFoundException($"No issue {key}.");
        return Payload(issue, webhookEvent, accountId ?? _options.SeedAccountId, []);
    }

    /// <summary>Requests with this method to a path starting with <paramref name="pathPrefix"/>, faulted ones included.</summary>
    public int CountRequests(string method, string pathPrefix) => _requests.Count(method, pathPrefix);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stopping.Cancel();
        _webhooks.Writer.TryComplete();
        try
        {
            _delivery.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _server.Stop();
        _server.Dispose();
        _webhookClient.Dispose();
        _stopping.Dispose();
    }

    /// <summary><c>sha256=&lt;hex HMAC-SHA256&gt;</c> of a body, as the site signs webhooks.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string PlainText(JsonNode? node) => node switch
    {
        JsonObject o => (o["text"]?.GetValue<string>() ?? "") + string.Concat((o["content"] as JsonArray ?? []).Select(PlainText)),
        _ => "",
    };

    private static JiraSandboxIssue View(JiraIssueRecord i) => new(
        i.Id, i.Key, i.Summary, i.Description, [.. i.Components], [.. i.Labels], i.Priority, i.Assignee,
        new Dictionary<string, string>(i.Custom, StringComparer.Ordinal), i.Updated, i.Histories.Count)
    {
        ProjectKey = i.ProjectKey,
        IssueType = i.IssueType,
        Status = i.Status,
        Resolution = i.Resolution,
        RemoteLinks = [.. i.RemoteLinks.Select(l => (l.GlobalId, l.Url, l.Title))],
    };

    private async Task<IResponseMessage> HandleAsync(IRequestMessage message)
    {
        var request = SandboxRequest.From(message);
        _requests.Record(request.Method, request.Path);
        var account = Authenticate(request.Authorization);
        if (account is null)
        {
            return WireMockBridge.ToResponseMessage(JiraSandboxErrors.Error(401, "Client must be authenticated to access this resource.")
                .WithHeader("WWW-Authenticate", "Basic realm=\"protected-area\""));
        }

        if (_rateLimiter?.Acquire(account) is { Allowed: false } refused)
        {
            return WireMockBridge.ToResponseMessage(RateLimited(refused.RetryAfterSeconds, refused.Limit, DateTimeOffset.FromUnixTimeSeconds(refused.ResetAtUnixSeconds)));
        }

        var fault = _faults.Next();
        var response = fault switch
        {
            SandboxFaultKinds.TooManyRequests => RateLimited(_options.Faults.RetryAfterSeconds, 100, _options.TimeProvider.GetUtcNow().AddSeconds(_options.Faults.RetryAfterSeconds)),
            SandboxFaultKinds.InternalServerError => JiraSandboxErrors.Error(500, "Internal server error"),
            SandboxFaultKinds.ServiceUnavailable => JiraSandboxErrors.Error(503, "Service unavailable").WithHeader("Retry-After", "0"),
            SandboxFaultKinds.DroppedConnection => new SandboxResponse(200, null) { DropConnection = true },
            SandboxFaultKinds.MalformedResponse => new SandboxResponse(200, new JsonObject { ["issues"] = new JsonArray() }) { Malformed = true },
            _ => _handler.Handle(request, account),
        };
        if (fault == SandboxFaultKinds.SlowResponse)
        {
            await Task.Delay(_options.Faults.SlowDelay).ConfigureAwait(false);
        }

        return WireMockBridge.ToResponseMessage(response);
    }

    private static SandboxResponse RateLimited(int retryAfter, int limit, DateTimeOffset reset) =>
        JiraSandboxErrors.Error(429, "Rate limit exceeded.")
            .WithHeader("Retry-After", retryAfter.ToString(CultureInfo.InvariantCulture))
            .WithHeader("X-RateLimit-Limit", limit.ToString(CultureInfo.InvariantCulture))
            .WithHeader("X-RateLimit-Remaining", "0")
            .WithHeader("X-RateLimit-Reset", reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture))
            .WithHeader("RateLimit-Reason", "jira-burst-based");

    private string? Authenticate(string? authorization)
    {
        if (authorization is null)
        {
            return null;
        }

        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Same(authorization[7..], _options.BearerToken) ? _options.AccountId : null;
        }

        if (!authorization.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..]));
            return Same(pair, $"{_options.Email}:{_options.ApiToken}") ? _options.AccountId : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool Same(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private void Changed(JiraIssueRecord issue, string webhookEvent, string author, IReadOnlyList<(string Field, string From, string To)> items)
    {
        if (_webhookTarget is null)
        {
            return;
        }

        byte[] body;
        lock (_store.Gate)
        {
            body = Payload(issue, webhookEvent, author, items);
        }

        var id = $"sandbox-{Interlocked.Increment(ref _webhookNumber)}";
        _webhooks.Writer.TryWrite((body, id));
        if (_options.DuplicateWebhooks)
        {
            _webhooks.Writer.TryWrite((body, id));
        }
    }

    private byte[] Payload(JiraIssueRecord issue, string webhookEvent, string author, IReadOnlyList<(string Field, string From, string To)> items)
    {
        var payload = new JsonObject
        {
            ["timestamp"] = _options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            ["webhookEvent"] = webhookEvent,
            ["issue_event_type_name"] = webhookEvent switch { "jira:issue_created" => "issue_created", "comment_created" => "issue_commented", _ => "issue_generic" },
            ["user"] = _render.User(author),
            ["issue"] = _render.Issue(issue, ["summary", "updated", "created", "status", "resolution", "issuetype", "components", "labels", "priority"], changelog: false),
        };
        if (items.Count > 0)
        {
            payload["changelog"] = new JsonObject
            {
                ["id"] = issue.Histories.Count > 0 ? issue.Histories[^1].Id : "0",
                ["items"] = new JsonArray([.. items.Select(i => (JsonNode)_render.ChangeItem(i.Field, i.From, i.To))]),
            };
        }

        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    private async Task DeliverAsync()
    {
        await foreach (var (body, id) in _webhooks.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            if (_webhookTarget is not { } target)
            {
                continue;
            }

            // Jira retries a failed delivery a few times, with the same identifier.
            for (var attempt = 0; attempt < 5 && !_stopping.IsCancellationRequested; attempt++)
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var request = new HttpRequestMessage(HttpMethod.Post, target.Target) { Content = content };
                    request.Headers.Add("X-Hub-Signature", Sign(body, target.Secret));
                    request.Headers.Add("X-Atlassian-Webhook-Identifier", id);
                    using var response = await _webhookClient.SendAsync(request, _stopping.Token).ConfigureAwait(false);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref _delivered);
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await Task.Delay(200).ConfigureAwait(false);
            }
        }
    }
}
