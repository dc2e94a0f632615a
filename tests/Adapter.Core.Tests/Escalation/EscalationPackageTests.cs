using Adapter.Core.Classification;
using Adapter.Core.Escalation;
using Adapter.Core.Platforms.Jira;
using Adapter.Core.Privacy;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Tests.Escalation;

public sealed class EscalationPackageTests
{
    private static readonly Dictionary<string, JiraDestinationOptions> Destinations = new(StringComparer.Ordinal)
    {
        ["Interface Team"] = new() { ProjectKey = "INTEG" },
        ["Informatics"] = new() { ProjectKey = "INFO" },
    };

    [Theory]
    [InlineData("patient John Smith fell", "patient [name] fell")]
    [InlineData("pt. Doe, Jane in bed 4", "pt. [name] in bed 4")]
    [InlineData("Patient name: Mary O'Neil", "Patient name: [name]")]
    [InlineData("MRN 00123456 and DOB 01/02/1950", "[mrn] and [dob]")]
    [InlineData("SSN 123-45-6789, 555-010-0199, jane@example.org", "SSN [ssn], [phone], [email]")]
    [InlineData("patient portal is down for the patient list", "patient portal is down for the patient list")]
    [InlineData("Patient Safety event; pt is stable", "Patient Safety event; pt is stable")]
    public void Redact_WithNames_ReplacesIdentifiersOnly(string text, string expected) =>
        Assert.Equal(expected, IdentifierRedactor.Redact(text, names: true));

    [Fact]
    public void Evidence_InterfaceTicket_FillsTheDataPathChecklist()
    {
        var evidence = EscalationEvidence.Extract(
            "ADT^A08 updates from Epic not reaching the lab system",
            "Since 14:05 the Rhapsody queue is backed up after last night's upgrade (CHG0031234). Message control id MSG000123 failed with error AE-204; PID-3 mapping looks wrong. All units affected. Patient MRN 00012345 in the sample.");

        Assert.Equal("Epic", evidence.SourceSystem);
        Assert.Equal("lab system", evidence.DestinationSystem);
        Assert.Contains("ADT^A08", evidence.MessageTypes);
        Assert.Contains("MSG000123", evidence.MessageIds);
        Assert.Contains(evidence.Timestamps, t => t.Contains("14:05", StringComparison.Ordinal));
        Assert.Contains(evidence.ErrorCodes, e => e.Contains("AE-204", StringComparison.Ordinal));
        Assert.Contains(evidence.FieldMappings, f => f.Equals("PID-3", StringComparison.Ordinal));
        Assert.Contains(evidence.RecentChanges, c => c.Contains("CHG0031234", StringComparison.Ordinal));
        Assert.Contains(evidence.Scope, s => s.Equals("All units", StringComparison.OrdinalIgnoreCase));
        Assert.True(evidence.PatientIdentifierPresent);
        Assert.DoesNotContain(evidence.Lines(), l => l.Value.Contains("00012345", StringComparison.Ordinal));
    }

    [Fact]
    public void Evidence_PlainRequest_SaysNotStatedAndNoIdentifier()
    {
        var evidence = EscalationEvidence.Extract("New badge printer for the front desk", "Please order one.");

        Assert.False(evidence.PatientIdentifierPresent);
        Assert.Equal("not stated", evidence.Lines().Single(l => l.Label == "Message type").Value);
        Assert.Equal("no", evidence.Lines().Single(l => l.Label == "Patient identifier present").Value);
    }

    [Fact]
    public void Package_Redacted_CarriesDecisionLinkAndNoIdentifiers()
    {
        var decision = Decision(Bucket.Interoperability, "Interface Team", 2, EscalationTrigger.WidespreadOutage);
        var package = EscalationPackage.Build(new EscalationRequest(
            "INC0010001", "https://example.service-now.com/incident.do?sys_id=abc", "Results interface down for patient Jane Testpatient",
            "MRN 00123456, DOB 01/02/1950, call 555-010-0199", decision, JiraEscalationPolicy.Decide(decision, Destinations, [])!, EscalationDescription.Redacted));
        var text = Adf.PlainText(package.Description);

        Assert.Equal("[INC0010001] interoperability / interface_engine / severity 2: escalated to Interface Team", package.Summary);
        Assert.Contains("Escalation trigger: widespread_outage (respond within 15 min)", text, StringComparison.Ordinal);
        Assert.Contains("Rules: bucket.interop.messages;severity.outage", text, StringComparison.Ordinal);
        Assert.Contains("Why Jira: resolver group Interface Team works in Jira", text, StringComparison.Ordinal);
        Assert.Contains("https://example.service-now.com/incident.do?sys_id=abc", package.Description.GetRawText(), StringComparison.Ordinal);
        foreach (var value in new[] { "Jane", "Testpatient", "00123456", "01/02/1950", "555-010-0199" })
        {
            Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Package_Omitted_CarriesNoDescriptionText()
    {
        var decision = Decision(Bucket.Interoperability, "Interface Team", 3, EscalationTrigger.None);
        var package = EscalationPackage.Build(new EscalationRequest(
            "INC0010002", "https://example.service-now.com/incident.do?sys_id=def", "ORU feed stopped", "The nurse on 4 West says results are missing",
            decision, JiraEscalationPolicy.Decide(decision, Destinations, [])!, EscalationDescription.Omitted));

        var text = Adf.PlainText(package.Description);
        Assert.DoesNotContain("4 West", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ORU feed stopped", text, StringComparison.Ordinal);
        Assert.Contains("Message type: ORU", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_GroupFirstThenRulesThenNothing()
    {
        var rules = new List<JiraEscalationRuleOptions>
        {
            new() { Id = "clinical-sev1-outage", Bucket = "clinical", MaxSeverity = 1, Trigger = "any", Destination = "Informatics" },
        };

        Assert.Equal("Interface Team", JiraEscalationPolicy.Decide(Decision(Bucket.Interoperability, "Interface Team", 3, EscalationTrigger.None), Destinations, rules)?.Destination);
        var byRule = JiraEscalationPolicy.Decide(Decision(Bucket.Clinical, "Clinical Safety On-Call", 1, EscalationTrigger.PatientSafety), Destinations, rules);
        Assert.Equal(("Informatics", "rule clinical-sev1-outage"), (byRule?.Destination, byRule?.Reason));
        Assert.Null(JiraEscalationPolicy.Decide(Decision(Bucket.Clinical, "Clinical Safety On-Call", 1, EscalationTrigger.None), Destinations, rules));
        Assert.Null(JiraEscalationPolicy.Decide(Decision(Bucket.Clinical, "Clinical Application Support", 2, EscalationTrigger.PatientSafety), Destinations, rules));
    }

    private static TriageDecision Decision(Bucket bucket, string group, int severity, EscalationTrigger trigger) => new(
        bucket, null, SystemKind.InterfaceEngine, severity, group, 0.9, false,
        trigger == EscalationTrigger.None ? null : new EscalationRoute(trigger, group, 15),
        [new RuleHit("bucket.interop.messages", "bucket +3"), new RuleHit("severity.outage", "severity 2")]);
}
