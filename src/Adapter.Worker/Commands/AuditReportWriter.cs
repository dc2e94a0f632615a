using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Adapter.Core.Audit;

namespace Adapter.Worker.Commands;

/// <summary>Writes the audit report as JSON, CSV (<c>section,key,metric,value</c>) or one
/// self-contained HTML file with its figures embedded as base64 PNG.</summary>
internal static class AuditReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string ToJson(AuditReport report) => JsonSerializer.Serialize(report, Json);

    public static string ToCsv(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder("section,key,metric,value\n");
        void Row(string section, string key, string metric, double value) =>
            csv.Append(CultureInfo.InvariantCulture, $"{Field(section)},{Field(key)},{Field(metric)},{value.ToString("0.####", CultureInfo.InvariantCulture)}\n");

        Row("overall", "all", "closed_tickets", report.ClosedTickets);
        Row("overall", "all", "category_accuracy", report.CategoryAccuracy);
        Row("overall", "all", "override_rate", report.OverrideRate);
        Row("overall", "all", "reassignment_rate", report.ReassignmentRate);
        Row("overall", "all", "misrouted_rate", report.MisroutedRate);
        Row("overall", "all", "escalated", report.Escalated);
        Row("overall", "all", "avoidable_escalation_rate", report.AvoidableEscalationRate);
        foreach (var (kind, count) in report.FlagsByKind)
        {
            Row("flags", kind, "count", count);
        }

        foreach (var (section, rows) in new[] { ("bucket", report.ByBucket), ("system", report.BySystem), ("rule", report.ByRule) })
        {
            foreach (var r in rows)
            {
                Row(section, r.Key, "tickets", r.Tickets);
                Row(section, r.Key, "category_accuracy", r.CategoryAccuracy);
                Row(section, r.Key, "override_rate", r.OverrideRate);
                Row(section, r.Key, "reassignment_rate", r.ReassignmentRate);
                Row(section, r.Key, "misrouted_rate", r.MisroutedRate);
            }
        }

        foreach (var t in report.TimeToCorrectAssignment)
        {
            Row("time_to_correct_group", t.Bucket, "mean_minutes", t.MeanMinutes);
            Row("time_to_correct_group", t.Bucket, "median_minutes", t.MedianMinutes);
        }

        for (var r = 0; r < report.Confusion.Rows.Count; r++)
        {
            for (var c = 0; c < report.Confusion.Columns.Count; c++)
            {
                Row("confusion", $"{report.Confusion.Rows[r]}->{report.Confusion.Columns[c]}", "tickets", report.Confusion.Counts[r][c]);
            }
        }

        foreach (var w in report.Weekly)
        {
            Row("weekly", w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "category_accuracy", w.Accuracy);
        }

        foreach (var s in report.Suggestions)
        {
            Row("tuning", s.RuleId, "overridden", s.Overridden);
            Row("tuning", s.RuleId, "misrouted", s.Misrouted);
        }

        return csv.ToString();
    }

    public static string ToHtml(AuditReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var heatmap = Convert.ToBase64String(AuditPlots.ConfusionHeatmap(report.Confusion));
        var weekly = Convert.ToBase64String(AuditPlots.WeeklyAccuracy(report.Weekly));
        var h = new StringBuilder();
        h.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Triage audit report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:1100px}
            table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}
            th:first-child,td:first-child{text-align:left}th{background:#f3f3f3}.big{font-size:1.6rem;font-weight:600}
            img{max-width:100%;border:1px solid #ddd}
            </style></head><body>
            <h1>Triage audit report</h1>
            """);
        h.Append(CultureInfo.InvariantCulture, $"<p>Window: {Enc(report.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start")} to {Enc(report.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "now")} (closure time, UTC); {report.ClosedTickets} closed ticket(s).</p>");
        h.Append(CultureInfo.InvariantCulture, $"<p>Category accuracy (first decision vs final category): <span class=\"big\" id=\"accuracy\">{Pct(report.CategoryAccuracy)}</span></p>");
        h.Append("<table><tr><th>measure</th><th>value</th></tr>");
        h.Append(CultureInfo.InvariantCulture, $"<tr><td>override rate</td><td>{Pct(report.OverrideRate)}</td></tr><tr><td>reassignment rate</td><td>{Pct(report.ReassignmentRate)}</td></tr><tr><td>misrouted rate</td><td>{Pct(report.MisroutedRate)}</td></tr>");
        h.Append(CultureInfo.InvariantCulture, $"<tr><td>avoidable escalation rate ({report.AvoidableEscalations} of {report.Escalated} escalated closed at severity 3-4)</td><td>{Pct(report.AvoidableEscalationRate)}</td></tr>");
        foreach (var (kind, count) in report.FlagsByKind)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>flags: {Enc(kind)}</td><td>{count}</td></tr>");
        }

        h.Append("</table>");
        h.Append(CultureInfo.InvariantCulture, $"<h2>Bucket confusion</h2><img alt=\"bucket confusion heat map\" src=\"data:image/png;base64,{heatmap}\">");
        h.Append(CultureInfo.InvariantCulture, $"<h2>Accuracy per week</h2><img alt=\"category accuracy per week\" src=\"data:image/png;base64,{weekly}\">");
        foreach (var (title, rows) in new[] { ("Per bucket (first decision)", report.ByBucket), ("Per system", report.BySystem), ("Per rule", report.ByRule) })
        {
            h.Append(CultureInfo.InvariantCulture, $"<h2>{Enc(title)}</h2><table><tr><th>key</th><th>tickets</th><th>accuracy</th><th>override</th><th>reassigned</th><th>misrouted</th></tr>");
            foreach (var r in rows)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(r.Key)}</td><td>{r.Tickets}</td><td>{Pct(r.CategoryAccuracy)}</td><td>{Pct(r.OverrideRate)}</td><td>{Pct(r.ReassignmentRate)}</td><td>{Pct(r.MisroutedRate)}</td></tr>");
            }

            h.Append("</table>");
        }

        h.Append("<h2>Time from creation to first correct assignment</h2><table><tr><th>final bucket</th><th>tickets</th><th>mean (min)</th><th>median (min)</th></tr>");
        foreach (var t in report.TimeToCorrectAssignment)
        {
            h.Append(CultureInfo.InvariantCulture, $"<tr><td>{Enc(t.Bucket)}</td><td>{t.Tickets}</td><td>{t.MeanMinutes:0.#}</td><td>{t.MedianMinutes:0.#}</td></tr>");
        }

        h.Append("</table><h2>Tuning suggestions</h2><ul>");
        foreach (var s in report.Suggestions)
        {
            h.Append(CultureInfo.InvariantCulture, $"<li>{Enc(s.Text)}</li>");
        }

        h.Append("</ul></body></html>\n");
        return h.ToString();
    }

    private static string Pct(double rate) => (rate * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Enc(string value) => WebUtility.HtmlEncode(value);

    private static string Field(string value) =>
        value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
