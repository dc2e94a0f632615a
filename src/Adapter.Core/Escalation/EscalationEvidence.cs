using System.Text.RegularExpressions;
using Adapter.Core.Privacy;

namespace Adapter.Core.Escalation;

/// <summary>The evidence the next resolver needs to test one hypothesis (seed section 5), read from
/// a ticket's text: the data-path checklist (source, destination, message type, timestamp, whether a
/// patient identifier is present, field mapping, recent change) plus message ids, error codes and
/// scope. Values are read from the redacted text, so no identifier can ride along; "patient
/// identifier present" is a yes/no, never the value.</summary>
public sealed partial record EscalationEvidence(
    string? SourceSystem,
    string? DestinationSystem,
    IReadOnlyList<string> SystemsNamed,
    IReadOnlyList<string> MessageTypes,
    IReadOnlyList<string> MessageIds,
    IReadOnlyList<string> Timestamps,
    IReadOnlyList<string> ErrorCodes,
    IReadOnlyList<string> FieldMappings,
    IReadOnlyList<string> RecentChanges,
    IReadOnlyList<string> Scope,
    bool PatientIdentifierPresent)
{
    private const int MaxPerList = 5;

    /// <summary>System names the extractor knows besides the ones a caller adds: the endpoints of a
    /// hospital's data paths.</summary>
    private static readonly string[] KnownSystems =
    [
        "EHR", "EMR", "Epic", "Cerner", "Oracle Health", "MEDITECH", "athenahealth", "eClinicalWorks",
        "LIS", "lab system", "laboratory system", "lab", "Beaker", "Sunquest", "SoftLab",
        "RIS", "PACS", "radiology", "pharmacy system", "pharmacy", "Willow", "Pyxis", "Omnicell",
        "interface engine", "integration engine", "Rhapsody", "Mirth", "Mirth Connect", "Cloverleaf", "Corepoint", "Ensemble", "InterSystems",
        "HIE", "registration", "ADT system", "scheduling", "MPI", "EMPI", "billing system", "clearinghouse",
        "patient portal", "MyChart", "reference lab", "Quest", "LabCorp", "state registry", "immunization registry",
        "dictation", "transcription", "monitoring system", "device integration", "Capsule", "bedside monitors", "infusion pumps",
    ];

    /// <summary>Reads the evidence from a ticket's title and description.</summary>
    /// <param name="systemNames">More system names to recognise (for example the configured products).</param>
    public static EscalationEvidence Extract(string? title, string? description, IEnumerable<string>? systemNames = null)
    {
        var raw = $"{title}\n{description}";
        var identifierPresent = IdentifierRedactor.MentionsPatientIdentifier(raw);
        var text = IdentifierRedactor.Redact(raw, names: true);
        var names = KnownSystems.Concat(systemNames ?? []).Where(n => n.Length >= 3).Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => n.Length).ToList();
        var named = new List<(int Index, string Name)>();
        foreach (var name in names)
        {
            foreach (Match m in Safe(() => Regex.Matches(text, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
            {
                if (!named.Any(n => m.Index >= n.Index && m.Index < n.Index + n.Name.Length))
                {
                    named.Add((m.Index, name));
                }
            }
        }

        named.Sort((a, b) => a.Index.CompareTo(b.Index));
        string? source = null;
        string? destination = null;
        foreach (var (index, name) in named)
        {
            var before = text[Math.Max(0, index - 16)..index];
            if (source is null && FromWord().IsMatch(before))
            {
                source = name;
            }
            else if (destination is null && ToWord().IsMatch(before))
            {
                destination = name;
            }
        }

        return new EscalationEvidence(
            source,
            destination,
            Distinct(named.Select(n => n.Name)),
            Distinct(Values(MessageType(), text).Select(v => v.Replace(' ', '^').Replace('_', '^').Replace('-', '^').ToUpperInvariant())),
            Distinct(Values(MessageId(), text, "id")),
            Distinct(Values(Timestamp(), text)),
            Distinct(Values(ErrorCode(), text)),
            Distinct(Values(FieldMapping(), text)),
            Distinct(Values(RecentChange(), text)),
            Distinct(Values(ScopePhrase(), text)),
            identifierPresent);
    }

    /// <summary>The checklist and the other evidence as "label: value" lines, "not stated" where the
    /// text says nothing.</summary>
    public IReadOnlyList<(string Label, string Value)> Lines() =>
    [
        ("Source system", SourceSystem ?? "not stated"),
        ("Destination system", DestinationSystem ?? "not stated"),
        ("Systems named", Join(SystemsNamed)),
        ("Message type", Join(MessageTypes)),
        ("Message ids", Join(MessageIds)),
        ("Timestamps", Join(Timestamps)),
        ("Patient identifier present", PatientIdentifierPresent ? "yes (value not carried)" : "no"),
        ("Field mapping", Join(FieldMappings)),
        ("Recent change", Join(RecentChanges)),
        ("Error codes", Join(ErrorCodes)),
        ("Scope", Join(Scope)),
    ];

    private static string Join(IReadOnlyList<string> values) => values.Count == 0 ? "not stated" : string.Join("; ", values);

    private static List<string> Distinct(IEnumerable<string> values) =>
        [.. values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).Take(MaxPerList)];

    private static IEnumerable<string> Values(Regex pattern, string text, string? group = null) =>
        Safe(() => pattern.Matches(text)).Select(m => group is null ? m.Value : m.Groups[group].Value);

    private static List<Match> Safe(Func<MatchCollection> matches)
    {
        try
        {
            return matches().ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    [GeneratedRegex(@"\b(?:from|source(?:\s+system)?\s*(?:is|:)?|sent\s+by|out\s+of)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FromWord();

    [GeneratedRegex(@"\b(?:to|into|in|reach(?:ing)?|destination\s*(?:system)?\s*(?:is|:)?)\s+(?:the\s+)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ToWord();

    // HL7 v2 message types (ADT^A08, ORU R01, SIU-S12), C-CDA/CCD documents, FHIR resources, X12 and NCPDP.
    [GeneratedRegex(@"\b(?:(?:ADT|ORM|ORU|OML|SIU|MDM|DFT|VXU|RDE|RDS|MFN|BAR|QBP|RSP|PPR|ACK)(?:[\^_ -][A-Z]\d{2})?(?![\w])|C-?CDA|CCD|FHIR\s+(?:Patient|Observation|Encounter|DiagnosticReport|MedicationRequest|ServiceRequest|Appointment|DocumentReference)|X12\s*(?:837|835|270|271|276|277|278)|NCPDP)\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MessageType();

    [GeneratedRegex(@"\b(?:message|msg|control|MSH-10)\s*(?:control\s*)?(?:id|#|number|no\.?)?\s*[:#=]?\s*(?<id>[A-Za-z]*\d[A-Za-z0-9._-]{2,39})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex MessageId();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:UTC|Z|[ECMP][SD]T))?\b|\b(?:at|since|around|from|until|after|before)\s+\d{1,2}(?::\d{2})\s*(?:am|pm|AM|PM)?(?:\s*(?:UTC|[ECMP][SD]T))?|\b(?:at|since|around|after|before)\s+\d{1,2}\s*(?:am|pm|AM|PM)\b|\b(?:since|at|around)\s+[0-2]\d[0-5]\d\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b(?:HTTP|error|err|code|status|exception)\s*[:#]?\s*[A-Z]{0,5}[-_]?\d{2,5}\b|\bMSA\|A[ER]\b|\b(?:AE|AR|NAK)\s+(?:ack|acknowledg\w*)|\b(?:connection refused|connection reset|timed? ?out|SSL handshake failed|certificate (?:has )?expired|queue (?:is )?(?:backed up|stuck|full)|TLS error|authentication failed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ErrorCode();

    [GeneratedRegex(@"\b(?:PID|PV1|PV2|OBR|OBX|ORC|MSH|NK1|IN1|AL1|DG1|RXE|RXA|SCH|EVN|MRG|NTE|TXA)[-.]\d{1,2}(?:[.-]\d{1,2})?\b|\b(?:LOINC|SNOMED|CPT|ICD-10|NDC|RxNorm)\s+(?:code|mapping|map)s?\b|\b(?:field|code|value|vocabulary)\s+(?:mapping|map|translation)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FieldMapping();

    [GeneratedRegex(@"\bCHG\d{5,}\b|\b(?:after|since|following)\s+(?:the\s+|last\s+night'?s\s+|yesterday'?s\s+|this\s+morning'?s\s+|today'?s\s+|the\s+weekend\s+|our\s+)?(?:\w+\s+)?(?:upgrade|update|patch|change|deployment|deploy|go-live|golive|downtime|cutover|migration|certificate renewal|release|maintenance)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RecentChange();

    [GeneratedRegex(@"\b(?:all|every|several|multiple|many|\d{1,4})\s+(?:units|users|clinics|floors|departments|sites|nurses|providers|patients|messages|results|orders|workstations|locations)\b|\b(?:whole|entire)\s+(?:hospital|ED|emergency department|department|floor|unit|site|organization|system)\b|\b(?:single|one|only one)\s+(?:user|workstation|patient|unit)\b|\bhospital-wide\b|\bhouse-wide\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ScopePhrase();
}
