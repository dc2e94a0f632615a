using System.Runtime.CompilerServices;

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
    private StemTable _tokenLookup = new([]);
    private TransitionTable _deeper = new([]);
    private int[] _terminalStarts = [0];
    private int[] _terminalRules = [];
    private bool[] _hasChildren = [];
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

        _tokenLookup = new StemTable(tokens);
        _rootNext = new int[_words.Count];
        Array.Fill(_rootNext, -1);
        foreach (var (key, next) in _transitions)
        {
            if (key >> 32 == 0)
            {
                _rootNext[(int)(uint)key] = next;
            }
        }

        _deeper = new TransitionTable(_transitions.Where(t => t.Key >> 32 != 0).ToList());
        // The rules per node as one flat array (node n's are from _terminalStarts[n] up to
        // _terminalStarts[n + 1]): one array read per matched node instead of two.
        _terminalStarts = new int[_terminals.Count + 1];
        for (var n = 0; n < _terminals.Count; n++)
        {
            _terminalStarts[n + 1] = _terminalStarts[n] + _terminals[n].Length;
        }

        _terminalRules = [.. _terminals.SelectMany(t => t)];
        _hasChildren = new bool[_terminals.Count];
        foreach (var key in _transitions.Keys)
        {
            _hasChildren[(int)(key >> 32)] = true;
        }
    }

    /// <summary>Number of trie nodes, the root included; node ids run from 0 to this less one.</summary>
    public int NodeCount => _terminals.Count;

    /// <summary>Longest phrase in words; the matcher never walks further.</summary>
    public int MaxPhraseLength { get; private set; }

    public int WordCount => _words.Count;

    /// <summary>Rule indexes whose phrase ends at <paramref name="node"/>.</summary>
    public ReadOnlySpan<int> RulesEndingAt(int node)
    {
        var start = _terminalStarts[node];
        return _terminalRules.AsSpan(start, _terminalStarts[node + 1] - start);
    }

    public bool TryStep(int node, int word, out int next)
    {
        if (node == 0)
        {
            return TryStart(word, out next);
        }

        // Most phrases end where they match: a leaf needs no probe.
        if (!_hasChildren[node])
        {
            next = -1;
            return false;
        }

        return _deeper.TryStep(node, word, out next);
    }

    /// <summary>The trie's first step: an array read, since every phrase start is tried.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryStart(int word, out int next)
    {
        var root = _rootNext;
        next = (uint)word < (uint)root.Length ? root[word] : -1;
        return next >= 0;
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
                var key = TransitionTable.Key(node, id);
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

            var known = _tokenLookup.Find(WordStemmer.Stem(buffer[..length]));
            if (known.IsEmpty)
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
