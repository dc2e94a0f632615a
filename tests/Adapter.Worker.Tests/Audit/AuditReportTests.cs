using System.Text.Json;
using Adapter.Core.Audit;
using Adapter.Worker.Storage;
using Adapter.Worker.Tests.Commands;

namespace Adapter.Worker.Tests.Audit;

/// <summary>The report's figures over a SQLite store seeded with known outcomes: five tickets
/// closed in November 2026 and one in December (outside the window).</summary>
public sealed class AuditReportTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly CliRunner _cli = new();

    public string DatabasePath => _cli.PathOf("data/adapter.db");

    public async Task InitializeAsync() => await AuditSeed.WriteAsync(new SqliteAdapterStore(DatabasePath));

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _cli.Dispose();
    }

    [Fact]
    public async Task Build_SeededStore_OverallFiguresExact()
    {
        var report = await BuildAsync();

        Assert.Equal(5, report.ClosedTickets);
        Assert.Equal(0.6, report.CategoryAccuracy);
        Assert.Equal(0.2, report.OverrideRate);
        Assert.Equal(0.4, report.ReassignmentRate);
        Assert.Equal(0.6, report.MisroutedRate);
        Assert.Equal(2, report.Escalated);
        Assert.Equal(1, report.AvoidableEscalations);
        Assert.Equal(0.5, report.AvoidableEscalationRate);
        Assert.Equal(
            new Dictionary<string, int> { ["intake_mismatch"] = 1, ["override"] = 1, ["misrouted"] = 3, ["needs_review"] = 1 },
            report.FlagsByKind);
    }

    [Fact]
    public async Task Build_SeededStore_RatesPerBucketSystemAndRuleExact()
    {
        var report = await BuildAsync();

        Assert.Equal(
            [
                new AuditRateRow("administrative", 2, 1, 1, 1, 2),
                new AuditRateRow("clinical", 2, 1, 0, 1, 1),
                new AuditRateRow("interoperability", 1, 1, 0, 0, 0),
            ],
            report.ByBucket);
        Assert.Equal(
            [
                new AuditRateRow("billing", 1, 1, 1, 1, 1),
                new AuditRateRow("ehr", 2, 1, 0, 1, 1),
                new AuditRateRow("identity", 1, 0, 0, 0, 1),
                new AuditRateRow("interface_engine", 1, 1, 0, 0, 0),
            ],
            report.BySystem);
        Assert.Equal(
            [
                new AuditRateRow("r.a", 3, 2, 1, 2, 2),
                new AuditRateRow("r.b", 1, 1, 0, 0, 0),
                new AuditRateRow("r.c", 1, 1, 0, 0, 0),
                new AuditRateRow("r.d", 1, 1, 1, 1, 1),
                new AuditRateRow("r.e", 1, 0, 0, 0, 1),
            ],
            report.ByRule);
        Assert.Equal(1.0, report.ByBucket[0].MisroutedRate);
    }

    [Fact]
    public async Task Build_SeededStore_TimesConfusionWeeksAndSuggestionsExact()
    {
        var report = await BuildAsync();

        Assert.Equal(
            [
                new AssignmentTimeRow("administrative", 1, 120, 120),
                new AssignmentTimeRow("clinical", 1, 10, 10),
                new AssignmentTimeRow("interoperability", 2, 75, 75),
            ],
            report.TimeToCorrectAssignment);
        Assert.Equal(["clinical", "administrative", "interoperability"], report.Confusion.Rows);
        Assert.Equal(["clinical", "administrative", "interoperability", "unmapped"], report.Confusion.Columns);
        Assert.Equal([1, 0, 1, 0], report.Confusion.Counts[0]);
        Assert.Equal([0, 1, 0, 1], report.Confusion.Counts[1]);
        Assert.Equal([0, 0, 1, 0], report.Confusion.Counts[2]);
        Assert.Equal(
            [new WeeklyAccuracy(new DateOnly(2026, 11, 2), 2, 1), new WeeklyAccuracy(new DateOnly(2026, 11, 9), 3, 2)],
            report.Weekly);
        Assert.Equal(
            [new TuningSuggestion("r.a", 3, 1, 2, 1), new TuningSuggestion("r.d", 1, 1, 1, 1), new TuningSuggestion("r.e", 1, 0, 1, 0)],
            report.Suggestions);
    }

    [Fact]
    public async Task Build_NoWindow_IncludesDecemberTicket()
    {
        var store = new SqliteAdapterStore(DatabasePath);
        var report = AuditReportBuilder.Build(await store.GetClosuresAsync(CancellationToken.None), await store.GetAuditFlagsAsync(CancellationToken.None), null, null);

        Assert.Equal(6, report.ClosedTickets);
        Assert.Equal(4, report.Correct);
        Assert.Equal(2, report.FlagsByKind["override"]);
    }

    [Fact]
    public async Task AuditReportVerb_JsonAndCsv_SameFiguresAsBuilder()
    {
        var environment = new Dictionary<string, string> { ["Adapter__SqlitePath"] = DatabasePath };

        var json = await _cli.RunAsync(["audit-report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "json"], environment);
        var csv = await _cli.RunAsync(["audit-report", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", "--output", "report.csv"], environment);

        json.ExpectExitCode(0);
        csv.ExpectExitCode(0);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(5, document.RootElement.GetProperty("closed_tickets").GetInt32());
        Assert.Equal(0.6, document.RootElement.GetProperty("category_accuracy").GetDouble());
        Assert.Equal(0.5, document.RootElement.GetProperty("avoidable_escalation_rate").GetDouble());
        var lines = await File.ReadAllLinesAsync(_cli.PathOf("report.csv"));
        Assert.Equal("section,key,metric,value", lines[0]);
        Assert.Contains("overall,all,category_accuracy,0.6", lines);
        Assert.Contains("confusion,clinical->interoperability,tickets,1", lines);
        Assert.Contains("time_to_correct_group,interoperability,median_minutes,75", lines);
    }

    [Fact]
    public async Task AuditReportVerb_BadDate_ExitsOneNamingTheOption()
    {
        var result = await _cli.RunAsync(["audit-report", "--from", "November"], new Dictionary<string, string> { ["Adapter__SqlitePath"] = DatabasePath });

        result.ExpectExitCode(1);
        Assert.Contains("--from 'November' is not a date", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<AuditReport> BuildAsync()
    {
        var store = new SqliteAdapterStore(DatabasePath);
        return AuditReportBuilder.Build(await store.GetClosuresAsync(CancellationToken.None), await store.GetAuditFlagsAsync(CancellationToken.None), From, To);
    }
}
