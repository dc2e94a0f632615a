using System.Diagnostics.CodeAnalysis;

namespace Adapter.Core.Taxonomy;

/// <summary>The snake_case names the taxonomy uses in configuration, CSV, JSON and on tickets.</summary>
public static class WireNames
{
    private static readonly string[] BucketNames = ["clinical", "administrative", "interoperability"];

    private static readonly string[] SystemNames =
        ["unknown", "ehr", "emr", "identity", "interface_engine", "patient_portal", "billing", "device"];

    private static readonly string[] TriggerNames =
    [
        "", "patient_safety", "privacy_incident", "cannot_document_or_administer_care",
        "widespread_outage", "data_loss", "repeated_failure_after_workaround",
    ];

    public static IReadOnlyList<string> Buckets => BucketNames;

    public static IReadOnlyList<string> Systems => SystemNames;

    public static IReadOnlyList<string> Triggers => TriggerNames[1..];

    public static string ToWire(this Bucket bucket) => BucketNames[(int)bucket];

    public static string ToWire(this SystemKind system) => SystemNames[(int)system];

    public static string ToWire(this EscalationTrigger trigger) => TriggerNames[(int)trigger];

    /// <summary>Parses a name that validation has already accepted.</summary>
    public static Bucket ParseBucket(string value) =>
        TryParseBucket(value, out var bucket) ? bucket : throw new ArgumentException($"Unknown bucket '{value}'.", nameof(value));

    /// <summary>Parses a name that validation has already accepted.</summary>
    public static SystemKind ParseSystem(string value) =>
        TryParseSystem(value, out var system) ? system : throw new ArgumentException($"Unknown system '{value}'.", nameof(value));

    /// <summary>Parses a name that validation has already accepted.</summary>
    public static EscalationTrigger ParseTrigger(string value) =>
        TryParseTrigger(value, out var trigger) ? trigger : throw new ArgumentException($"Unknown trigger '{value}'.", nameof(value));

    public static bool TryParseBucket(string? value, out Bucket bucket) => TryParse(BucketNames, value, out bucket);

    public static bool TryParseSystem(string? value, out SystemKind system) => TryParse(SystemNames, value, out system);

    public static bool TryParseTrigger(string? value, out EscalationTrigger trigger)
    {
        if (string.IsNullOrEmpty(value))
        {
            trigger = EscalationTrigger.None;
            return false;
        }

        return TryParse(TriggerNames, value, out trigger);
    }

    private static bool TryParse<T>(string[] names, string? value, [NotNullWhen(true)] out T result)
        where T : struct, Enum
    {
        var index = value is null ? -1 : Array.FindIndex(names, n => string.Equals(n, value.Trim(), StringComparison.OrdinalIgnoreCase));
        result = index < 0 ? default : (T)(object)index;
        return index >= 0;
    }
}
