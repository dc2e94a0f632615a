using System.Collections.Concurrent;
using WireMock;
using WireMock.Logging;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Adapter.Sandbox.ServiceNow;

/// <summary>
/// A ServiceNow instance's Table API on WireMock.Net, bound to 127.0.0.1 on a free port: incidents and groups in
/// memory, encoded queries, paging, reference links, journal writes, Basic and OAuth authentication, a
/// rate-limit rule and seeded fault injection. Start one per test; dispose it to stop the server.
/// </summary>
public sealed class ServiceNowSandbox : IDisposable
{
    private readonly WireMockServer _server;
    private readonly IncidentStore _incidents;
    private readonly GroupDirectory _groups = new();
    private readonly OAuthTokenIssuer _tokens;
    private readonly FaultInjector _faults;
    private readonly TableRequestPipeline _pipeline;
    private readonly RequestLog _requests = new();
    private readonly ConcurrentQueue<string> _ignoredTerms = new();
    private readonly string _seedUserName;

    private ServiceNowSandbox(ServiceNowSandboxOptions options)
    {
        _seedUserName = options.SeedUserName;
        _incidents = new IncidentStore(options.TimeProvider);
        _tokens = new OAuthTokenIssuer(options);
        _faults = new FaultInjector(options.Faults);
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            // Port 0: the operating system picks a free port on the loopback address only.
            Urls = ["http://127.0.0.1:0"],
            StartAdminInterface = false,
            Logger = new WireMockNullLogger(),
            // Counting is done by RequestLog; WireMock's own log only needs to stay small for a long demo.
            MaxRequestLogCount = 1000,
            DisableJsonBodyParsing = true,
            DisableDeserializeFormUrlEncoded = true,
            PreWireMockMiddlewareInit = WireMockBridge.UseConnectionDrop,
        });
        Url = _server.Urls[0];

        var handler = new TableApiHandler(_incidents, _groups, Url, RecordIgnoredTerms);
        _pipeline = new TableRequestPipeline(
            new RequestAuthenticator(options.UserName, options.Password, _tokens),
            options.RateLimitPerSecond > 0 ? new RateLimiter(options.RateLimitPerSecond, options.TimeProvider) : null,
            _faults,
            options.Faults,
            handler);

        _server.Given(Request.Create().UsingPost().WithPath(OAuthTokenIssuer.Path))
            .RespondWith(Response.Create().WithCallback(IssueToken));
        _server.Given(Request.Create().UsingAnyMethod().WithPath(new WildcardMatcher(TableApiHandler.PathPrefix + "*")))
            .RespondWith(Response.Create().WithCallback(HandleTableRequestAsync));
    }

    /// <summary>The base address, <c>http://127.0.0.1:{port}</c>, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>Every encoded-query term dropped so far because it named an unknown field or could not be read.</summary>
    public IReadOnlyList<string> IgnoredQueryTerms => [.. _ignoredTerms];

    /// <summary>A copy of every incident, in the order they were added.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Incidents => _incidents.Snapshot();

    /// <summary>How many faults have been injected so far.</summary>
    public int CountFaults => _faults.Count;

    /// <summary>Starts a sandbox with the default options (see <see cref="ServiceNowSandboxOptions"/>).</summary>
    public static ServiceNowSandbox Start() => Start(new ServiceNowSandboxOptions());

    /// <summary>Starts a sandbox; its server listens until the sandbox is disposed.</summary>
    public static ServiceNowSandbox Start(ServiceNowSandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new ServiceNowSandbox(options);
    }

    /// <summary>
    /// Adds an incident as the instance would create it: a new <c>sys_id</c> (32 hex digits), the next
    /// <c>INC00xxxxx</c> number, timestamps from the sandbox's clock, state 1, active, impact and urgency 3, and
    /// every other known field empty; then <paramref name="fields"/> are applied over that.
    /// </summary>
    /// <returns>The new incident's sys_id.</returns>
    /// <exception cref="ArgumentException">A field is not an incident field, or the given sys_id exists.</exception>
    public string AddIncident(IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ThrowIfUnknown(fields.Keys, nameof(fields));
        return _incidents.Add(fields, _seedUserName);
    }

    /// <summary>
    /// Adds one incident per row of an RFC 4180 CSV with columns <c>id,title,description</c> (optional
    /// <c>category</c>, <c>subcategory</c>, <c>assignment_group</c>): short_description = title,
    /// description = description (the id is not stored: correlation_id stays free for the adapter's
    /// escalation link, as on a fresh instance). An assignment_group that is not a group's sys_id is
    /// taken as a group name and the group is added.
    /// </summary>
    public void SeedFromCsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        foreach (var row in CsvIncidentSource.Read(path))
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["short_description"] = row.Title,
                ["description"] = row.Description,
            };
            if (row.Category is not null)
            {
                fields["category"] = row.Category;
            }

            if (row.Subcategory is not null)
            {
                fields["subcategory"] = row.Subcategory;
            }

            if (!string.IsNullOrEmpty(row.AssignmentGroup))
            {
                fields["assignment_group"] = _groups.Find(row.AssignmentGroup) is null ? _groups.Add(row.AssignmentGroup) : row.AssignmentGroup;
            }

            _incidents.Add(fields, _seedUserName);
        }
    }

    /// <summary>A copy of one incident as stored (journal fields read "").</summary>
    /// <exception cref="KeyNotFoundException">There is no incident with this sys_id.</exception>
    public IReadOnlyDictionary<string, string> GetIncident(string sysId)
    {
        ArgumentNullException.ThrowIfNull(sysId);
        return _incidents.Find(sysId) ?? throw new KeyNotFoundException($"No incident has sys_id {sysId}.");
    }

    /// <summary>The work notes written to an incident, oldest first.</summary>
    public IReadOnlyList<JournalEntry> WorkNotes(string sysId)
    {
        ArgumentNullException.ThrowIfNull(sysId);
        return _incidents.Journal(sysId, "work_notes");
    }

    /// <summary>
    /// A person's edit in the instance's UI: the same rules and bookkeeping as a PATCH by <paramref name="userName"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A field is not an incident field.</exception>
    /// <exception cref="KeyNotFoundException">There is no incident with this sys_id.</exception>
    public void EditAsHuman(string sysId, string userName, IDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(sysId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userName);
        ArgumentNullException.ThrowIfNull(fields);
        ThrowIfUnknown(fields.Keys, nameof(fields));
        _ = _incidents.Update(sysId, fields, userName) ?? throw new KeyNotFoundException($"No incident has sys_id {sysId}.");
    }

    /// <summary>Adds a <c>sys_user_group</c> (or finds the one with this name).</summary>
    /// <returns>The group's sys_id, a valid <c>assignment_group</c> value.</returns>
    public string AddGroup(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _groups.Add(name);
    }

    /// <summary>
    /// How many requests with this method reached a path starting with <paramref name="pathPrefix"/>
    /// (for example <c>/api/now/table/incident</c>), faulted, refused and dropped ones included.
    /// </summary>
    public int CountRequests(string method, string pathPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        return _requests.Count(method, pathPrefix);
    }

    /// <summary>Invalidates every access and refresh token issued so far: clients must authenticate again.</summary>
    public void ExpireAllTokens() => _tokens.ExpireAll();

    /// <summary>Invalidates every access token, as their natural expiry would; refresh tokens stay valid.</summary>
    public void ExpireAccessTokens() => _tokens.ExpireAccessTokens();

    /// <summary>Stops the server.</summary>
    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    private static void ThrowIfUnknown(IEnumerable<string> fields, string parameterName)
    {
        var unknown = fields.Where(f => !IncidentStore.Schema.IsKnown(f)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Not incident fields: {string.Join(", ", unknown)}.", parameterName);
        }
    }

    private void RecordIgnoredTerms(IReadOnlyList<string> terms)
    {
        foreach (var term in terms)
        {
            _ignoredTerms.Enqueue(term);
        }
    }

    private IResponseMessage IssueToken(IRequestMessage message)
    {
        var request = SandboxRequest.From(message);
        _requests.Record(request.Method, request.Path);
        return WireMockBridge.ToResponseMessage(_tokens.Issue(request));
    }

    private async Task<IResponseMessage> HandleTableRequestAsync(IRequestMessage message)
    {
        var request = SandboxRequest.From(message);
        _requests.Record(request.Method, request.Path);
        var outcome = _pipeline.Process(request);
        if (outcome.Delay > TimeSpan.Zero)
        {
            // Wall-clock on purpose: a slow answer stands for the network, which a fake clock does not slow down.
            await Task.Delay(outcome.Delay).ConfigureAwait(false);
        }

        return WireMockBridge.ToResponseMessage(outcome.Response);
    }
}
