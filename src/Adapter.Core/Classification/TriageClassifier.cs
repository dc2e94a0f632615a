using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Adapter.Core.Routing;
using Adapter.Core.Taxonomy;

namespace Adapter.Core.Classification;

/// <summary>Decides bucket, system, severity, escalation and resolver group for a ticket from the
/// configured phrase rules. Immutable and thread-safe: build one per configuration version.</summary>
public sealed class TriageClassifier
{
    private const int BucketCount = 3;
    private const int SystemCount = 8;
    private const int KindCount = 3;
    private const int StackTokens = 1024;

    // "the allergy list in Epic came over completely blank": safety data and a fault this many
    // words apart still describe one problem.
    private const int SafetyDataWindow = 8;

    // NonBacktracking matching is linear in the input, so this only bounds a pathological input.
    // It is wall-clock time: the first match builds the pattern's automaton lazily, and on a busy
    // two-core machine that alone took over 50 ms and failed the ticket (or crashed `classify`).
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(2);

    private readonly PhraseIndex _index;
    private readonly CompiledRule[] _rules;
    private readonly int[] _ruleKinds;
    private readonly (Regex Pattern, int Rule)[] _patterns;
    private readonly WordRole[] _roles;
    private readonly int _window;
    private readonly double _threshold;
    private readonly double _secondaryRatio;
    private readonly double _fullEvidence;
    private readonly double _hintWeight;
    private readonly double _titleWeight;
    private readonly Bucket _fallbackBucket;
    private readonly RoutingTable _routing;

    public TriageClassifier(TriageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = TriageOptionsValidator.Validate(options);
        if (problems.Count > 0)
        {
            throw new TriageConfigurationException(problems);
        }

        _index = new PhraseIndex(options.Vocabulary.Replacements);
        var rules = new List<CompiledRule>();
        var patterns = new List<(Regex, int)>();

        void Add(CompiledRule rule, List<string> phrases, List<string> rulePatterns)
        {
            var index = rules.Count;
            rules.Add(rule);
            foreach (var phrase in phrases)
            {
                _index.AddPhrase(phrase, index);
            }

            patterns.AddRange(rulePatterns.Select(p => (new Regex(p, PatternMatcher.Options, PatternTimeout), index)));
        }

        foreach (var rule in options.BucketRules)
        {
            var bucket = WireNames.ParseBucket(rule.Bucket);
            var effect = $"bucket {bucket.ToWire()} +{rule.Weight.ToString(CultureInfo.InvariantCulture)}";
            Add(new CompiledRule { Id = rule.Id, Kind = RuleKind.Bucket, Bucket = bucket, Weight = rule.Weight, Negatable = false, Effect = effect, NegatedEffect = "cancelled (said to work): " + effect }, rule.Phrases, rule.Patterns);
        }

        foreach (var rule in options.SystemRules)
        {
            var system = WireNames.ParseSystem(rule.System);
            Bucket? hint = WireNames.TryParseBucket(rule.BucketHint, out var b) ? b : null;
            var effect = $"system {system.ToWire()}" + (string.IsNullOrEmpty(rule.Product) ? "" : $" ({rule.Product})");
            Add(new CompiledRule { Id = rule.Id, Kind = RuleKind.System, System = system, BucketHint = hint, Weight = rule.Weight, Negatable = false, Effect = effect, NegatedEffect = "cancelled (said to work): " + effect }, rule.Phrases, rule.Patterns);
        }

        foreach (var rule in options.SeverityRules)
        {
            var signal = SeveritySignalNames.Parse(rule.Signal);
            var effect = $"signal {signal.ToWire()}";
            Add(new CompiledRule { Id = rule.Id, Kind = RuleKind.Severity, Signal = signal, Negatable = rule.Negatable, Effect = effect, NegatedEffect = "negated: " + effect }, rule.Phrases, rule.Patterns);
        }

        _rules = [.. rules];
        _ruleKinds = [.. rules.Select(r => (int)r.Kind)];
        _patterns = [.. patterns];
        var vocabulary = options.Vocabulary;
        _roles = WordRoles(vocabulary);
        _index.Freeze();
        _window = vocabulary.NegationWindow;
        _threshold = options.ConfidenceThreshold;
        _secondaryRatio = options.SecondaryBucketRatio;
        _fullEvidence = options.EvidenceForFullConfidence;
        _hintWeight = options.ProductHintWeight;
        _titleWeight = options.TitleWeight;
        _fallbackBucket = WireNames.ParseBucket(options.FallbackBucket);
        _routing = new RoutingTable(options.Routing, options.Escalations);
    }

    /// <summary>Number of distinct stemmed words the rules know.</summary>
    public int VocabularySize => _index.WordCount;

    /// <summary>Number of configured rules.</summary>
    public int RuleCount => _rules.Length;

    public TriageDecision Classify(string? title, string? description) =>
        Classify(title.AsSpan(), description.AsSpan());

    public TriageDecision Classify(ReadOnlySpan<char> title, ReadOnlySpan<char> description)
    {
        // A pooled buffer rather than stackalloc: a zeroed 4 KB stack buffer per call cost more
        // than the pool. Its length bounds tokenising exactly as before (1,024, or the pool's size).
        var capacity = 2 * (title.Length + description.Length) + 8;
        var rented = ArrayPool<int>.Shared.Rent(Math.Max(capacity, StackTokens));
        try
        {
            var ids = rented.AsSpan();
            var titleEnd = _index.Tokenize(title, ids, 0);
            ids[titleEnd] = PhraseIndex.Boundary;
            var count = _index.Tokenize(description, ids, titleEnd + 1);
            return Decide(ids[..count], titleEnd, title, description);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private TriageDecision Decide(ReadOnlySpan<int> ids, int titleEnd, ReadOnlySpan<char> title, ReadOnlySpan<char> description)
    {
        Span<double> bucketScores = stackalloc double[BucketCount];
        Span<double> hintScores = stackalloc double[BucketCount];
        Span<double> systemScores = stackalloc double[SystemCount];
        Span<byte> ruleHits = _rules.Length <= 512 ? stackalloc byte[_rules.Length] : new byte[_rules.Length];
        var signals = 0;
        var evidence = new Evidence(bucketScores, hintScores, systemScores, ruleHits);

        Span<int> coveredUntil = stackalloc int[KindCount];
        Span<int> bestEnd = stackalloc int[KindCount];
        Span<int> bestNode = stackalloc int[KindCount];
        var kinds = _ruleKinds;
        var maxPhrase = _index.MaxPhraseLength;
        for (var start = 0; start < ids.Length; start++)
        {
            // Most words start no phrase: the root step (an array read) settles them before any
            // per-start state is reset. Unknown words and the boundary are negative and never step.
            if (!_index.TryStart(ids[start], out var node))
            {
                continue;
            }

            var found = 0;
            var limit = Math.Min(ids.Length, start + maxPhrase);
            for (var j = start; ;)
            {
                foreach (var rule in _index.RulesEndingAt(node))
                {
                    var kind = kinds[rule];
                    bestEnd[kind] = j + 1;
                    bestNode[kind] = node;
                    found |= 1 << kind;
                }

                if (++j >= limit || !_index.TryStep(node, ids[j], out node))
                {
                    break;
                }
            }

            for (var kind = 0; found != 0; kind++, found >>= 1)
            {
                // A kind with no phrase from this start, or one inside a longer phrase already
                // counted, adds nothing.
                if ((found & 1) == 0 || bestEnd[kind] <= coveredUntil[kind])
                {
                    continue;
                }

                coveredUntil[kind] = bestEnd[kind];
                foreach (var rule in _index.RulesEndingAt(bestNode[kind]))
                {
                    if (kinds[rule] == kind)
                    {
                        var negated = IsNegated(ids, start, bestEnd[kind], _rules[rule]);
                        var weight = start < titleEnd ? _titleWeight : 1.0;
                        Apply(rule, negated, weight, ref evidence, ref signals);
                        if (!negated && kind == (int)RuleKind.Severity)
                        {
                            evidence.Near(_rules[rule].Signal, start, bestEnd[kind]);
                        }
                    }
                }
            }
        }

        foreach (var (pattern, rule) in _patterns)
        {
            if (Matches(pattern, title))
            {
                Apply(rule, negated: false, _titleWeight, ref evidence, ref signals);
            }
            else if (Matches(pattern, description))
            {
                Apply(rule, negated: false, 1.0, ref evidence, ref signals);
            }
        }

        return Conclude(bucketScores, hintScores, systemScores, ruleHits, new SignalSet(signals, evidence.SafetyDataFault));
    }

    /// <summary>A pattern that runs out of time (a starved CPU) counts as not matching: one
    /// missing signal is better than a ticket that cannot be triaged at all.</summary>
    private static bool Matches(Regex pattern, ReadOnlySpan<char> text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private bool IsNegated(ReadOnlySpan<int> ids, int start, int end, CompiledRule rule)
    {
        if (rule.Negatable)
        {
            for (var k = Math.Max(0, start - _window); k < start; k++)
            {
                if (ids[k] == PhraseIndex.Boundary)
                {
                    continue;
                }

                if ((Role(ids[k]) & WordRole.Negator) != 0)
                {
                    return true;
                }
            }
        }

        // "login works, but ADT messages stopped": a working-state word right after the phrase,
        // with no failure word or negator before it, says this part is not what is broken.
        var limit = Math.Min(ids.Length, end + _window);
        for (var k = end; k < limit; k++)
        {
            var id = ids[k];
            var role = Role(id);
            if (id == PhraseIndex.Boundary || (role & (WordRole.Negator | WordRole.FailureWord)) != 0)
            {
                return false;
            }

            if ((role & WordRole.WorkingState) != 0)
            {
                return true;
            }
        }

        return false;
    }

    private void Apply(int ruleIndex, bool negated, double weight, ref Evidence evidence, ref int signals)
    {
        var rule = _rules[ruleIndex];
        var hits = evidence.RuleHits[ruleIndex];
        if (negated)
        {
            // Remember the cancellation for the explanation without adding evidence.
            evidence.RuleHits[ruleIndex] = hits == 0 ? (byte)255 : hits;
            return;
        }

        var count = hits == 255 ? 0 : hits;
        evidence.RuleHits[ruleIndex] = (byte)Math.Min(count + 1, 254);

        // Repeating a phrase adds a little, never as much as a new one.
        var repeat = count switch { 0 => 1.0, 1 => 0.5, _ => 0.0 };
        switch (rule.Kind)
        {
            case RuleKind.Bucket:
                evidence.BucketScores[(int)rule.Bucket] += rule.Weight * weight * repeat;
                break;
            case RuleKind.System:
                evidence.SystemScores[(int)rule.System] += rule.Weight * weight * repeat;
                if (rule.BucketHint is { } hint && count == 0)
                {
                    evidence.HintScores[(int)hint] += _hintWeight;
                }

                break;
            case RuleKind.Severity:
                signals |= 1 << (int)rule.Signal;
                break;
        }
    }

    private TriageDecision Conclude(
        ReadOnlySpan<double> bucketScores,
        ReadOnlySpan<double> hintScores,
        ReadOnlySpan<double> systemScores,
        ReadOnlySpan<byte> ruleHits,
        SignalSet signals)
    {
        Span<double> scores = stackalloc double[BucketCount];
        for (var b = 0; b < BucketCount; b++)
        {
            scores[b] = bucketScores[b] + hintScores[b];
        }

        var (first, second, third) = Rank(scores);
        var top = scores[first];
        Bucket bucket;
        Bucket? secondary = null;
        double confidence;
        if (top <= 0)
        {
            bucket = _fallbackBucket;
            confidence = 0;
        }
        else
        {
            bucket = (Bucket)first;
            var rival = scores[second];
            if (bucketScores[second] > 0 && rival >= _secondaryRatio * top)
            {
                secondary = (Bucket)second;
                rival = scores[third];
            }

            var strength = 1 - Math.Exp(-2.5 * top / _fullEvidence);
            var separation = (top - rival) / top;
            confidence = Math.Round(strength * (0.4 + (0.6 * separation)), 3);
        }

        var system = SystemKind.Unknown;
        var bestSystem = 0.0;
        for (var s = 1; s < SystemCount; s++)
        {
            if (systemScores[s] > bestSystem)
            {
                bestSystem = systemScores[s];
                system = (SystemKind)s;
            }
        }

        var assessment = SeverityAssessor.Assess(signals, bucket);
        var needsReview = confidence < _threshold;
        var group = needsReview ? _routing.TriageGroup : _routing.Route(bucket, system, assessment.Severity);
        var escalation = _routing.Escalate(assessment.Trigger);

        var fired = 0;
        foreach (var h in ruleHits)
        {
            fired += h == 0 ? 0 : 1;
        }

        var hits = new RuleHit[fired + 1];
        var n = 0;
        for (var r = 0; r < ruleHits.Length; r++)
        {
            if (ruleHits[r] != 0)
            {
                hits[n++] = new RuleHit(_rules[r].Id, ruleHits[r] == 255 ? _rules[r].NegatedEffect : _rules[r].Effect);
            }
        }

        hits[n] = new RuleHit(assessment.RuleId, assessment.Reason);
        return new TriageDecision(bucket, secondary, system, assessment.Severity, group, confidence, needsReview, escalation, hits);
    }

    private static (int First, int Second, int Third) Rank(ReadOnlySpan<double> scores)
    {
        int first = 0, second = 1, third = 2;
        if (scores[second] > scores[first])
        {
            (first, second) = (second, first);
        }

        if (scores[third] > scores[second])
        {
            (second, third) = (third, second);
        }

        if (scores[second] > scores[first])
        {
            (first, second) = (second, first);
        }

        return (first, second, third);
    }

    private WordRole[] WordRoles(VocabularyOptions vocabulary)
    {
        var negators = vocabulary.Negators.Select(_index.InternWord).ToList();
        var workingStates = vocabulary.WorkingStates.Select(_index.InternWord).ToList();
        var failureWords = vocabulary.FailureWords.Select(_index.InternWord).ToList();
        var roles = new WordRole[_index.WordCount + 1];
        foreach (var (ids, role) in new[] { (negators, WordRole.Negator), (workingStates, WordRole.WorkingState), (failureWords, WordRole.FailureWord) })
        {
            foreach (var id in ids.Where(id => id >= 0))
            {
                roles[id] |= role;
            }
        }

        return roles;
    }

    private WordRole Role(int id) => (uint)id < (uint)_roles.Length ? _roles[id] : WordRole.None;

    private ref struct Evidence(Span<double> bucketScores, Span<double> hintScores, Span<double> systemScores, Span<byte> ruleHits)
    {
        public Span<double> BucketScores = bucketScores;
        public Span<double> HintScores = hintScores;
        public Span<double> SystemScores = systemScores;
        public Span<byte> RuleHits = ruleHits;
        public bool SafetyDataFault;
        private int _safetyDataEnd = int.MinValue / 2;
        private int _dataFaultEnd = int.MinValue / 2;

        /// <summary>Records where safety data and data faults were said, and whether the two
        /// stand close enough to be one statement, in either order.</summary>
        public void Near(SeveritySignal signal, int start, int end)
        {
            if (signal == SeveritySignal.SafetyData)
            {
                SafetyDataFault |= start - _dataFaultEnd <= SafetyDataWindow;
                _safetyDataEnd = end;
            }
            else if (signal == SeveritySignal.DataFault)
            {
                SafetyDataFault |= start - _safetyDataEnd <= SafetyDataWindow;
                _dataFaultEnd = end;
            }
        }
    }

    /// <summary>What a vocabulary word says about the phrase next to it; one lookup per word.</summary>
    [Flags]
    private enum WordRole : byte
    {
        None = 0,
        Negator = 1,
        WorkingState = 2,
        FailureWord = 4,
    }
}
