using System.Text.RegularExpressions;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>Checks a <see cref="TriageOptions"/> as a whole and reports every problem with its
/// key path, so that an admin fixes a bad edit in one pass.</summary>
public static class TriageOptionsValidator
{
    private const int MaxPhraseWords = 8;
    private const int MaxReplacementWords = 3;
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);

    public static IReadOnlyList<ConfigProblem> Validate(TriageOptions options, string prefix = TriageOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigProblem>();
        void Problem(string key, string reason) => problems.Add(new ConfigProblem($"{prefix}:{key}", reason));

        if (options.ConfidenceThreshold is < 0 or > 1 || double.IsNaN(options.ConfidenceThreshold))
        {
            Problem(nameof(options.ConfidenceThreshold), $"must be between 0 and 1, was {options.ConfidenceThreshold}");
        }

        if (options.SecondaryBucketRatio is <= 0 or > 1 || double.IsNaN(options.SecondaryBucketRatio))
        {
            Problem(nameof(options.SecondaryBucketRatio), $"must be greater than 0 and at most 1, was {options.SecondaryBucketRatio}");
        }

        if (!(options.EvidenceForFullConfidence > 0))
        {
            Problem(nameof(options.EvidenceForFullConfidence), "must be greater than 0");
        }

        if (!(options.ProductHintWeight >= 0))
        {
            Problem(nameof(options.ProductHintWeight), "must be 0 or more");
        }

        if (!(options.TitleWeight > 0))
        {
            Problem(nameof(options.TitleWeight), "must be greater than 0");
        }

        if (!WireNames.TryParseBucket(options.FallbackBucket, out _))
        {
            Problem(nameof(options.FallbackBucket), UnknownBucket(options.FallbackBucket));
        }

        ValidateVocabulary(options.Vocabulary, Problem);

        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void RuleId(string key, string id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                Problem(key, "rule id is empty");
            }
            else if (!ids.TryAdd(id, key))
            {
                Problem(key, $"duplicate rule id '{id}' (also at {prefix}:{ids[id]})");
            }
        }

        for (var i = 0; i < options.BucketRules.Count; i++)
        {
            var rule = options.BucketRules[i];
            var key = $"{nameof(options.BucketRules)}:{i}";
            RuleId($"{key}:Id", rule.Id);
            if (!WireNames.TryParseBucket(rule.Bucket, out _))
            {
                Problem($"{key}:Bucket", UnknownBucket(rule.Bucket));
            }

            CheckWeight(rule.Weight, $"{key}:Weight", Problem);
            CheckPhrases(rule.Phrases, rule.Patterns, key, Problem);
        }

        for (var i = 0; i < options.SystemRules.Count; i++)
        {
            var rule = options.SystemRules[i];
            var key = $"{nameof(options.SystemRules)}:{i}";
            RuleId($"{key}:Id", rule.Id);
            if (!WireNames.TryParseSystem(rule.System, out _))
            {
                Problem($"{key}:System", $"unknown system '{rule.System}' (expected one of {string.Join(", ", WireNames.Systems)})");
            }

            if (!string.IsNullOrEmpty(rule.BucketHint) && !WireNames.TryParseBucket(rule.BucketHint, out _))
            {
                Problem($"{key}:BucketHint", UnknownBucket(rule.BucketHint));
            }

            CheckWeight(rule.Weight, $"{key}:Weight", Problem);
            CheckPhrases(rule.Phrases, rule.Patterns, key, Problem);
        }

        for (var i = 0; i < options.SeverityRules.Count; i++)
        {
            var rule = options.SeverityRules[i];
            var key = $"{nameof(options.SeverityRules)}:{i}";
            RuleId($"{key}:Id", rule.Id);
            if (!SeveritySignalNames.TryParse(rule.Signal, out _))
            {
                Problem($"{key}:Signal", $"unknown signal '{rule.Signal}' (expected one of {string.Join(", ", SeveritySignalNames.All)})");
            }

            CheckPhrases(rule.Phrases, rule.Patterns, key, Problem);
        }

        var groups = ValidateGroups(options.Routing, Problem);
        ValidateEscalations(options.Escalations, groups, Problem);
        ValidateRoutes(options.Routing, groups, Problem);
        return problems;
    }

    private static void ValidateVocabulary(VocabularyOptions vocabulary, Action<string, string> problem)
    {
        const string key = nameof(TriageOptions.Vocabulary);
        if (vocabulary.NegationWindow is < 1 or > 10)
        {
            problem($"{key}:NegationWindow", $"must be between 1 and 10, was {vocabulary.NegationWindow}");
        }

        foreach (var (word, meaning) in vocabulary.Replacements)
        {
            if (PhraseWords.Split(word).Count != 1)
            {
                problem($"{key}:Replacements:{word}", "the key must be exactly one word");
            }

            var count = PhraseWords.Split(meaning).Count;
            if (count is 0 or > MaxReplacementWords)
            {
                problem($"{key}:Replacements:{word}", $"the replacement must have 1 to {MaxReplacementWords} words");
            }
        }

        CheckWordList(vocabulary.Negators, $"{key}:Negators", problem);
        CheckWordList(vocabulary.WorkingStates, $"{key}:WorkingStates", problem);
        CheckWordList(vocabulary.FailureWords, $"{key}:FailureWords", problem);
    }

    private static void CheckWordList(List<string> words, string key, Action<string, string> problem)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (PhraseWords.Split(words[i]).Count != 1)
            {
                problem($"{key}:{i}", $"must be exactly one word, was '{words[i]}'");
            }
        }
    }

    private static HashSet<string> ValidateGroups(RoutingOptions routing, Action<string, string> problem)
    {
        const string key = nameof(TriageOptions.Routing);
        var groups = new HashSet<string>(StringComparer.Ordinal);
        if (routing.Groups.Count == 0)
        {
            problem($"{key}:Groups", "at least one resolver group is required");
        }

        for (var i = 0; i < routing.Groups.Count; i++)
        {
            var name = routing.Groups[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                problem($"{key}:Groups:{i}", "group name is empty");
            }
            else if (!groups.Add(name))
            {
                problem($"{key}:Groups:{i}", $"duplicate group '{name}'");
            }
        }

        CheckGroup(routing.TriageGroup, groups, $"{key}:TriageGroup", problem);
        CheckGroup(routing.DefaultGroup, groups, $"{key}:DefaultGroup", problem);
        return groups;
    }

    private static void ValidateEscalations(List<EscalationOptions> escalations, HashSet<string> groups, Action<string, string> problem)
    {
        const string key = nameof(TriageOptions.Escalations);
        var seen = new HashSet<EscalationTrigger>();
        for (var i = 0; i < escalations.Count; i++)
        {
            var escalation = escalations[i];
            if (!WireNames.TryParseTrigger(escalation.Trigger, out var trigger))
            {
                problem($"{key}:{i}:Trigger", $"unknown trigger '{escalation.Trigger}' (expected one of {string.Join(", ", WireNames.Triggers)})");
            }
            else if (!seen.Add(trigger))
            {
                problem($"{key}:{i}:Trigger", $"trigger '{escalation.Trigger}' is configured twice");
            }

            CheckGroup(escalation.ResolverGroup, groups, $"{key}:{i}:ResolverGroup", problem);
            if (escalation.ResponseMinutes <= 0)
            {
                problem($"{key}:{i}:ResponseMinutes", "must be a positive number of minutes");
            }
        }

        foreach (var name in WireNames.Triggers)
        {
            if (!seen.Contains(WireNames.ParseTrigger(name)))
            {
                problem(key, $"trigger '{name}' has no resolver group and response time");
            }
        }
    }

    private static void ValidateRoutes(RoutingOptions routing, HashSet<string> groups, Action<string, string> problem)
    {
        var key = $"{nameof(TriageOptions.Routing)}:Routes";
        for (var i = 0; i < routing.Routes.Count; i++)
        {
            var route = routing.Routes[i];
            if (route.Bucket != "*" && !WireNames.TryParseBucket(route.Bucket, out _))
            {
                problem($"{key}:{i}:Bucket", UnknownBucket(route.Bucket) + " or '*'");
            }

            if (route.System != "*" && !WireNames.TryParseSystem(route.System, out _))
            {
                problem($"{key}:{i}:System", $"unknown system '{route.System}' (expected one of {string.Join(", ", WireNames.Systems)} or '*')");
            }

            if (route.MaxSeverity is < 1 or > 4)
            {
                problem($"{key}:{i}:MaxSeverity", $"must be between 1 and 4, was {route.MaxSeverity}");
            }

            CheckGroup(route.ResolverGroup, groups, $"{key}:{i}:ResolverGroup", problem);
        }
    }

    private static void CheckGroup(string name, HashSet<string> groups, string key, Action<string, string> problem)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problem(key, "resolver group is empty");
        }
        else if (!groups.Contains(name))
        {
            problem(key, $"unknown resolver group '{name}' (not listed in Triage:Routing:Groups)");
        }
    }

    private static void CheckWeight(double weight, string key, Action<string, string> problem)
    {
        if (!(weight > 0) || double.IsInfinity(weight))
        {
            problem(key, $"must be a positive number, was {weight}");
        }
    }

    private static void CheckPhrases(List<string> phrases, List<string> patterns, string key, Action<string, string> problem)
    {
        if (phrases.Count == 0 && patterns.Count == 0)
        {
            problem($"{key}:Phrases", "a rule needs at least one phrase or pattern");
        }

        for (var i = 0; i < phrases.Count; i++)
        {
            var count = PhraseWords.Split(phrases[i]).Count;
            if (count == 0)
            {
                problem($"{key}:Phrases:{i}", "phrase is empty");
            }
            else if (count > MaxPhraseWords)
            {
                problem($"{key}:Phrases:{i}", $"phrase has {count} words, at most {MaxPhraseWords} are matched");
            }
        }

        for (var i = 0; i < patterns.Count; i++)
        {
            try
            {
                _ = new Regex(patterns[i], PatternMatcher.Options, PatternTimeout);
            }
            catch (ArgumentException ex)
            {
                problem($"{key}:Patterns:{i}", $"invalid pattern: {ex.Message}");
            }
        }
    }

    private static string UnknownBucket(string? value) =>
        $"unknown bucket '{value}' (expected one of {string.Join(", ", WireNames.Buckets)})";
}
