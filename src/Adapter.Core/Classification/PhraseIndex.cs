namespace Adapter.Core.Classification;

/// <summary>The configured phrases as a trie over word ids, plus the word vocabulary
/// (abbreviations and misspellings resolved, inflections stemmed). Built once per configuration.</summary>
internal sealed class PhraseIndex
{
    /// <summary>Id of a word that is in no phrase.</summary>
    public const int UnknownWord = -1;

    /// <summary>Id placed between title and description so that no phrase spans the two.</summary>
    public const int Boundary = -2;

    private readonly Dictionary<string, int> _words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _replacements = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _transitions = [];
    private readonly List<int[]> _terminals = [[]];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _wordLookup;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _replacementLookup;

    public PhraseIndex(IReadOnlyDictionary<string, string> replacements)
    {
        foreach (var (word, meaning) in replacements)
        {
            var ids = PhraseWords.Split(meaning).Select(Intern).ToArray();
            var key = PhraseWords.Split(word);
            if (key.Count == 1 && ids.Length > 0)
            {
                _replacements[key[0]] = ids;
            }
        }

        _wordLookup = _words.GetAlternateLookup<ReadOnlySpan<char>>();
        _replacementLookup = _replacements.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Longest phrase in words; the matcher never walks further.</summary>
    public int MaxPhraseLength { get; private set; }

    public int WordCount => _words.Count;

    /// <summary>Rule indexes whose phrase ends at <paramref name="node"/>.</summary>
    public int[] RulesEndingAt(int node) => _terminals[node];

    public bool TryStep(int node, int word, out int next) =>
        _transitions.TryGetValue(((long)node << 32) | (uint)word, out next);

    /// <summary>Returns the vocabulary id for a single configured word (negators and the like).</summary>
    public int InternWord(string word)
    {
        var parts = PhraseWords.Split(word);
        return parts.Count == 1 ? ResolveOne(parts[0]) : UnknownWord;
    }

    public void AddPhrase(string phrase, int ruleIndex)
    {
        var node = 0;
        var length = 0;
        foreach (var raw in PhraseWords.Split(phrase))
        {
            var ids = _replacements.TryGetValue(raw, out var replaced) ? replaced : [Intern(raw)];
            foreach (var id in ids)
            {
                var key = ((long)node << 32) | (uint)id;
                if (!_transitions.TryGetValue(key, out var next))
                {
                    next = _terminals.Count;
                    _terminals.Add([]);
                    _transitions.Add(key, next);
                }

                node = next;
                length++;
            }
        }

        if (node != 0 && Array.IndexOf(_terminals[node], ruleIndex) < 0)
        {
            _terminals[node] = [.. _terminals[node], ruleIndex];
            MaxPhraseLength = Math.Max(MaxPhraseLength, length);
        }
    }

    /// <summary>Writes the word ids of <paramref name="text"/> into <paramref name="ids"/> from
    /// <paramref name="start"/>; returns the new count. Stops early if the buffer is full.</summary>
    public int Tokenize(ReadOnlySpan<char> text, Span<int> ids, int start)
    {
        var count = start;
        var reader = new WordReader(text);
        Span<char> buffer = stackalloc char[WordReader.MaxWordLength];
        int length;
        while ((length = reader.Next(buffer)) >= 0 && count < ids.Length)
        {
            if (length == 0)
            {
                ids[count++] = UnknownWord;
                continue;
            }

            var word = buffer[..length];
            if (_replacementLookup.TryGetValue(word, out var replaced))
            {
                foreach (var id in replaced)
                {
                    if (count < ids.Length)
                    {
                        ids[count++] = id;
                    }
                }

                continue;
            }

            ids[count++] = _wordLookup.TryGetValue(WordStemmer.Stem(word), out var known) ? known : UnknownWord;
        }

        return count;
    }

    private int ResolveOne(string raw) =>
        _replacements.TryGetValue(raw, out var replaced) && replaced.Length == 1 ? replaced[0] : Intern(raw);

    private int Intern(string raw)
    {
        var stem = WordStemmer.Stem(raw).ToString();
        if (!_words.TryGetValue(stem, out var id))
        {
            id = _words.Count;
            _words.Add(stem, id);
        }

        return id;
    }
}
