using System.Net;
using System.Text;
using Adapter.Sandbox.ServiceNow;
using Adapter.Worker.Intake;
using Adapter.Worker.Tests.Platforms.ServiceNow;

namespace Adapter.Worker.Tests.Privacy;

/// <summary>Tickets full of fake patient identifiers, through every intake and every kind of
/// platform failure, including error bodies that quote them; then every log line, every row and
/// byte of the store, and every work note is searched for them.</summary>
[Collection(WorkerHostTests.Name)]
public sealed class PhiLeakTests
{
    [Fact]
    public async Task Worker_TicketsWithIdentifiersThroughWebhooksPollingAndErrors_NoneInLogsStoreOrNotes()
    {
        await using var harness = new WorkerHarness(new ServiceNowSandboxOptions
        {
            Faults = new ServiceNowFaultOptions
            {
                Rate = 0.35,
                Kinds = SandboxFaultKinds.TooManyRequests | SandboxFaultKinds.InternalServerError | SandboxFaultKinds.DroppedConnection
                    | SandboxFaultKinds.SlowResponse | SandboxFaultKinds.RejectedByDataPolicy,
                RetryAfterSeconds = 0,
                SlowDelay = TimeSpan.FromMilliseconds(200),
                Seed = 5,
            },
        });

        // Everything any library logs, not only the adapter's own events.
        harness.Settings["Serilog:MinimumLevel:Default"] = "Debug";
        foreach (var source in new[] { "Microsoft", "Microsoft.Hosting.Lifetime", "Quartz", "System.Net.Http.HttpClient", "Polly" })
        {
            harness.Settings[$"Serilog:MinimumLevel:Override:{source}"] = "Debug";
        }

        // Keep the runner's console quiet; the collector sees the same events.
        harness.Settings["Serilog:WriteTo:0:Args:restrictedToMinimumLevel"] = "Fatal";

        // No filter: the start-up filter check would meet the injected non-transient 403 and refuse to start.
        harness.Settings["ServiceNow:Filter"] = "";
        var ids = Enumerable.Range(0, 20).Select(i => harness.Sandbox.AddIncident(Ticket(i))).ToList();

        await harness.StartAsync();
        foreach (var id in ids.Where((_, i) => i % 2 == 0))
        {
            using var notified = await harness.NotifyAsync(id);
        }

        await PostHostileWebhooksAsync(harness);
        await WorkerHarness.WaitUntilAsync(() => harness.AllRouted(ids), TimeSpan.FromSeconds(120));
        await Task.Delay(500);
        await harness.StopAsync();

        var logs = harness.Logs.All;
        var rows = await StoreDump.RowsAsync(harness.Settings["Adapter:SqlitePath"]!);
        var bytes = StoreDump.RawFiles(harness.Settings["Adapter:SqlitePath"]!);
        var notes = string.Join('\n', harness.Sandbox.Incidents.SelectMany(i => harness.Sandbox.WorkNotes(i["sys_id"])).Select(n => n.Value));

        // The test reached what it means to search: error bodies quoting identifiers were logged (redacted).
        // Logs keep the platform's error text for the operator; the store keeps none of it.
        Assert.True(harness.Sandbox.CountFaults > 0);
        Assert.Contains("Business rule", logs, StringComparison.Ordinal);
        Assert.Contains("[mrn]", logs, StringComparison.Ordinal);
        Assert.Contains("decisions:", rows, StringComparison.Ordinal);
        Assert.True(harness.Logs.Lines.Count > 100, $"only {harness.Logs.Lines.Count} log lines were captured");

        FakeIdentifiers.AssertAbsent("a log line", logs);
        FakeIdentifiers.AssertAbsent("a store row", rows);
        FakeIdentifiers.AssertAbsent("the store's files", bytes);
        FakeIdentifiers.AssertAbsent("a work note", notes);
        foreach (var words in new[] { "Parkinson", "Ward 7B", "won't open chart", "login fails" })
        {
            Assert.DoesNotContain(words, rows + bytes + notes, StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> Ticket(int i) => new()
    {
        ["short_description"] = i % 3 == 0
            ? $"Epic won't open chart for MRN {FakeIdentifiers.Mrn}, DOB {FakeIdentifiers.Dob}, call {FakeIdentifiers.Phone}"
            : $"Patient portal login fails for {FakeIdentifiers.Email} (medical record number {FakeIdentifiers.MrnAlternative})",
        ["description"] = $"Ward 7B nurse reports for the Parkinson patient: {FakeIdentifiers.Sentence}. SSN on file {FakeIdentifiers.Ssn}; callback {FakeIdentifiers.PhoneParenthesised}. Ticket {i}.",
    };

    /// <summary>Deliveries that carry identifiers where ids belong, or whole records, signed and not.</summary>
    private static async Task PostHostileWebhooksAsync(WorkerHarness harness)
    {
        string[] bodies =
        [
            $"{{\"table\":\"incident\",\"sys_id\":\"MRN {FakeIdentifiers.Mrn}\",\"sys_updated_on\":\"2026-12-04 10:00:00\"}}",
            $"{{\"table\":\"incident\",\"sys_id\":\"0123456789abcdef0123456789abcdef\",\"sys_updated_on\":\"DOB {FakeIdentifiers.Dob}\"}}",
            $"{{\"table\":\"patient {FakeIdentifiers.Email}\",\"sys_id\":\"0123456789abcdef0123456789abcdef\"}}",
            $"{{\"table\":\"incident\",\"sys_id\":\"0123456789abcdef0123456789abcdef\",\"short_description\":\"{FakeIdentifiers.Sentence}\",\"operation\":\"SSN {FakeIdentifiers.Ssn}\"}}",
            $"{{\"sys_id\":\"{FakeIdentifiers.Phone}\"", // not JSON
        ];
        foreach (var json in bodies)
        {
            var body = Encoding.UTF8.GetBytes(json);
            using var signed = await harness.PostWebhookAsync(body, WebhookSignature.Sign(body, harness.Secret));
            using var unsigned = await harness.PostWebhookAsync(body, "sha256=" + new string('0', 64));
            Assert.NotEqual(HttpStatusCode.InternalServerError, signed.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            FakeIdentifiers.AssertAbsent("a webhook answer", await signed.Content.ReadAsStringAsync() + await unsigned.Content.ReadAsStringAsync());
        }
    }
}
