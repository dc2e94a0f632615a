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
    private Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _tokenLookup;
    private int[] _rootNext = [];

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

    }

    /// <summary>Builds the read-only lookups that tokenising and matching use: one dictionary
    /// keyed by stem (a replacement's key is stemmed too, and wins), and the trie's first step
    /// as an array. Call once, after the last phrase and word are added.</summary>
    public void Freeze()
    {
        var tokens = new Dictionary<string, int[]>(_words.Count + _replacements.Count, StringComparer.Ordinal);
        foreach (var (stem, id) in _words)
        {
            tokens[stem] = [id];
        }

        // Text is looked up by stem only (one probe per word), so a replacement is filed under
        // its key's stem; it wins over a phrase word with the same stem.
        foreach (var (raw, ids) in _replacements)
        {
            tokens[WordStemmer.Stem(raw).ToString()] = ids;
        }

        _tokenLookup = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        _rootNext = new int[_words.Count];
        Array.Fill(_rootNext, -1);
        foreach (var (key, next) in _transitions)
        {
            if (key >> 32 == 0)
            {
                _rootNext[(int)(uint)key] = next;
            }
        }
    }

    /// <summary>Longest phrase in words; the matcher never walks further.</summary>
    public int MaxPhraseLength { get; private set; }

    public int WordCount => _words.Count;

    /// <summary>Rule indexes whose phrase ends at <paramref name="node"/>.</summary>
    public int[] RulesEndingAt(int node) => _terminals[node];

    public bool TryStep(int node, int word, out int next)
    {
        if (node == 0)
        {
            next = (uint)word < (uint)_rootNext.Length ? _rootNext[word] : -1;
            return next >= 0;
        }

        return _transitions.TryGetValue(((long)node << 32) | (uint)word, out next);
    }

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
            if (!_tokenLookup.TryGetValue(WordStemmer.Stem(word), out var known))
            {
                ids[count++] = UnknownWord;
                continue;
            }

            foreach (var id in known)
            {
                if (count < ids.Length)
                {
                    ids[count++] = id;
                }
            }
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
