namespace Adapter.Core.Classification;

/// <summary>The <c>Triage</c> configuration section: everything the classifier and the routing
/// table decide from. Admins edit it in <c>appsettings.json</c>; it is validated by
/// <see cref="TriageOptionsValidator"/> before any of it is used.</summary>
public sealed class TriageOptions
{
    public const string SectionName = "Triage";

    /// <summary>Below this confidence (0..1) a ticket goes to the triage group as
    /// <c>needs_review</c>. Default 0.45.</summary>
    public double ConfidenceThreshold { get; set; } = 0.45;

    /// <summary>A second bucket is reported when its score is at least this share of the first
    /// (0..1). Default 0.6.</summary>
    public double SecondaryBucketRatio { get; set; } = 0.6;

    /// <summary>Evidence (sum of rule weights) at which bucket confidence saturates. Default 4.</summary>
    public double EvidenceForFullConfidence { get; set; } = 4;

    /// <summary>Weight of a product's bucket hint: a named product only tips the bucket when
    /// nothing says what work is broken. Default 0.5.</summary>
    public double ProductHintWeight { get; set; } = 0.5;

    /// <summary>Multiplier for phrases found in the title, which usually names the problem. Default 1.5.</summary>
    public double TitleWeight { get; set; } = 1.5;

    /// <summary>The bucket reported when no rule fires at all (the ticket is also marked
    /// <c>needs_review</c>). Default <c>administrative</c>.</summary>
    public string FallbackBucket { get; set; } = "administrative";

    public VocabularyOptions Vocabulary { get; set; } = new();

    public List<BucketRuleOptions> BucketRules { get; set; } = [];

    public List<SystemRuleOptions> SystemRules { get; set; } = [];

    public List<SeverityRuleOptions> SeverityRules { get; set; } = [];

    public List<EscalationOptions> Escalations { get; set; } = [];

    public RoutingOptions Routing { get; set; } = new();
}

/// <summary>How raw ticket words are normalised before phrases are matched.</summary>
public sealed class VocabularyOptions
{
    /// <summary>Abbreviations and frequent misspellings: a word (lower case) and what it means,
    /// e.g. <c>pt</c> → <c>patient</c>, <c>recieve</c> → <c>receive</c>.</summary>
    public Dictionary<string, string> Replacements { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Words that negate a severity or escalation phrase that follows within
    /// <see cref="NegationWindow"/> words ("no patient harm").</summary>
    public List<string> Negators { get; set; } = [];

    /// <summary>Words that, right after a phrase, say that part works ("login works, but …").
    /// They cancel the phrase unless a negator or failure word stands between.</summary>
    public List<string> WorkingStates { get; set; } = [];

    /// <summary>Words that turn a following working-state word back into a failure
    /// ("stopped working").</summary>
    public List<string> FailureWords { get; set; } = [];

    /// <summary>How many words before (and after, for working states) a phrase are looked at. Default 3.</summary>
    public int NegationWindow { get; set; } = 3;
}

/// <summary>Phrases that show which kind of work is broken.</summary>
public sealed class BucketRuleOptions
{
    public string Id { get; set; } = "";

    /// <summary>Wire name of the bucket the phrases point to.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Evidence added per match. Default 2.</summary>
    public double Weight { get; set; } = 2;

    public List<string> Phrases { get; set; } = [];

    /// <summary>Optional .NET regular expressions matched case-insensitively on the raw text.</summary>
    public List<string> Patterns { get; set; } = [];
}

/// <summary>Phrases (product names and generic terms) that name a system layer.</summary>
public sealed class SystemRuleOptions
{
    public string Id { get; set; } = "";

    /// <summary>The product's display name, e.g. "Epic"; empty for generic terms.</summary>
    public string Product { get; set; } = "";

    /// <summary>Wire name of the system layer.</summary>
    public string System { get; set; } = "";

    /// <summary>Evidence added per match. Default 2.</summary>
    public double Weight { get; set; } = 2;

    /// <summary>Optional bucket the product leans to when the text names no broken work.</summary>
    public string BucketHint { get; set; } = "";

    public List<string> Phrases { get; set; } = [];

    public List<string> Patterns { get; set; } = [];
}

/// <summary>Phrases that carry a severity signal: safety, care blocked, scope, workaround, question.</summary>
public sealed class SeverityRuleOptions
{
    public string Id { get; set; } = "";

    /// <summary>Wire name of a <see cref="SeveritySignal"/>, e.g. <c>patient_safety</c>.</summary>
    public string Signal { get; set; } = "";

    /// <summary>Whether a negator before the phrase cancels it. Default true.</summary>
    public bool Negatable { get; set; } = true;

    public List<string> Phrases { get; set; } = [];

    public List<string> Patterns { get; set; } = [];
}

/// <summary>An escalation trigger and who answers it, how fast.</summary>
public sealed class EscalationOptions
{
    /// <summary>Wire name of the trigger, e.g. <c>patient_safety</c>.</summary>
    public string Trigger { get; set; } = "";

    public string ResolverGroup { get; set; } = "";

    /// <summary>Agreed response time in minutes.</summary>
    public int ResponseMinutes { get; set; }
}

/// <summary>The routing table: bucket × system (× severity) to resolver group.</summary>
public sealed class RoutingOptions
{
    /// <summary>The service-desk queue that takes low-confidence tickets.</summary>
    public string TriageGroup { get; set; } = "Service Desk Triage";

    /// <summary>The group used when no route matches.</summary>
    public string DefaultGroup { get; set; } = "Service Desk";

    /// <summary>Every resolver group name that routes and escalations may use.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>Routes, first match wins.</summary>
    public List<RouteOptions> Routes { get; set; } = [];
}

/// <summary>One row of the routing table.</summary>
public sealed class RouteOptions
{
    /// <summary>Bucket wire name, or <c>*</c> for any.</summary>
    public string Bucket { get; set; } = "*";

    /// <summary>System wire name, or <c>*</c> for any. Default any.</summary>
    public string System { get; set; } = "*";

    /// <summary>When set (1-4), the route applies only to tickets at this severity or more
    /// severe (a number at most this).</summary>
    public int? MaxSeverity { get; set; }

    public string ResolverGroup { get; set; } = "";
}
