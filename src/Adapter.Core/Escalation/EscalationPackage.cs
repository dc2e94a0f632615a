using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Adapter.Core.Classification;
using Adapter.Core.Privacy;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Escalation;

/// <summary>Whether an escalation carries the incident's description.</summary>
public enum EscalationDescription
{
    /// <summary>Carried with identifiers (MRN, DOB, SSN, phone, e-mail, names after patient/pt) redacted.</summary>
    Redacted,

    /// <summary>Not carried; the resolver reads it in the incident.</summary>
    Omitted,
}

/// <summary>What goes into one escalation package.</summary>
public sealed record EscalationRequest(
    string IncidentNumber,
    string IncidentUrl,
    string Title,
    string Description,
    TriageDecision Decision,
    JiraEscalationTarget Target,
    EscalationDescription DescriptionMode,
    IEnumerable<string>? SystemNames = null);

/// <summary>The Jira issue an escalation opens (seed section 5, "escalate with evidence, not just
/// urgency"): a summary of labels only (never ticket text), the decision and its rule ids, a link
/// back to the incident, the data-path evidence, and the description with identifiers redacted or
/// not at all.</summary>
public sealed record EscalationPackage(string Summary, JsonElement Description, EscalationEvidence Evidence)
{
    public static EscalationPackage Build(EscalationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var d = request.Decision;
        var evidence = EscalationEvidence.Extract(request.Title, request.Description, request.SystemNames);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"[{request.IncidentNumber}] {d.Bucket.ToWire()} / {d.System.ToWire()} / severity {d.Severity}: escalated to {request.Target.Destination}");
        var trigger = d.Escalation is { } e ? $"{e.Trigger.ToWire()} (respond within {e.ResponseMinutes} min)" : "none";
        var content = new JsonArray
        {
            Paragraph(Text("Escalated by the triage adapter from ServiceNow incident "), Link(request.IncidentNumber, request.IncidentUrl), Text(".")),
            Bullets([
                ("Incident", request.IncidentNumber),
                ("Bucket", d.Bucket.ToWire() + (d.SecondaryBucket is { } s ? " (also " + s.ToWire() + ")" : "")),
                ("System", d.System.ToWire()),
                ("Severity", d.Severity.ToString(CultureInfo.InvariantCulture)),
                ("Escalation trigger", trigger),
                ("Resolver group", request.Target.Destination),
                ("Why Jira", request.Target.Reason),
                ("Rules", d.RuleIds.Length == 0 ? "none" : d.RuleIds),
            ]),
            Heading("Data path and evidence"),
            Bullets(evidence.Lines()),
            Heading(request.DescriptionMode == EscalationDescription.Redacted ? "Description (identifiers redacted)" : "Description"),
        };
        if (request.DescriptionMode == EscalationDescription.Redacted)
        {
            var redacted = IdentifierRedactor.Redact($"{request.Title}\n{request.Description}", names: true);
            foreach (var line in redacted.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                content.Add(Paragraph(Text(line)));
            }
        }
        else
        {
            content.Add(Paragraph(Text("Not carried by configuration (Escalation:Description = Omitted); read it in the incident.")));
        }

        var doc = new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
        return new EscalationPackage(summary, JsonSerializer.SerializeToElement(doc), evidence);
    }

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Link(string text, string url) => new()
    {
        ["type"] = "text",
        ["text"] = text,
        ["marks"] = new JsonArray(new JsonObject { ["type"] = "link", ["attrs"] = new JsonObject { ["href"] = url } }),
    };

    private static JsonObject Paragraph(params JsonObject[] inline) => new() { ["type"] = "paragraph", ["content"] = new JsonArray([.. inline]) };

    private static JsonObject Heading(string text) => new() { ["type"] = "heading", ["attrs"] = new JsonObject { ["level"] = 3 }, ["content"] = new JsonArray(Text(text)) };

    private static JsonObject Bullets(IEnumerable<(string Label, string Value)> items) => new()
    {
        ["type"] = "bulletList",
        ["content"] = new JsonArray([.. items.Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "listItem",
            ["content"] = new JsonArray(Paragraph(
                new JsonObject { ["type"] = "text", ["text"] = i.Label + ": ", ["marks"] = new JsonArray(new JsonObject { ["type"] = "strong" }) },
                Text(i.Value))),
        })]),
    };
}
