using System.Runtime.CompilerServices;

namespace Adapter.Core.Classification;

/// <summary>The phrase trie's edges below the root as a read-only open-addressing table keyed by
/// (node, word id). Built once when the configuration is frozen.</summary>
internal sealed class TransitionTable
{
    private const long Empty = -1;

    private readonly int _shift;
    private readonly long[] _keys;
    private readonly int[] _next;

    public TransitionTable(IReadOnlyCollection<KeyValuePair<long, int>> edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var bits = 4;
        while ((1 << bits) < edges.Count * 3)
        {
            bits++;
        }

        _shift = 64 - bits;
        _keys = new long[1 << bits];
        _next = new int[1 << bits];
        Array.Fill(_keys, Empty);
        var mask = _keys.Length - 1;
        foreach (var (key, next) in edges)
        {
            var slot = Slot(key);
            while (_keys[slot] != Empty)
            {
                slot = (slot + 1) & mask;
            }

            _keys[slot] = key;
            _next[slot] = next;
        }
    }

    public static long Key(int node, int word) => ((long)node << 32) | (uint)word;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryStep(int node, int word, out int next)
    {
        var key = Key(node, word);
        var keys = _keys;
        var mask = keys.Length - 1;
        for (var slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            var found = keys[slot];
            if (found == key)
            {
                next = _next[slot];
                return true;
            }

            if (found == Empty)
            {
                next = -1;
                return false;
            }
        }
    }

    // Fibonacci hashing: the top bits of the product spread consecutive node and word ids.
    private int Slot(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> _shift);
}
