using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Adapter.Core.Classification;

/// <summary>The vocabulary as a read-only open-addressing table from a stem to its word ids,
/// probed with a span of the ticket's text. Built once when the configuration is frozen; text
/// never inserts, so a probe is bounded by the longest cluster the vocabulary itself makes, and
/// at most half the slots are used, so a probe rarely reads more than one.</summary>
internal sealed class StemTable
{
    private readonly int _mask;

    // Entry numbers, -1 where empty; at most half used. Kept small (4 bytes a slot) because it is
    // read for every word of every ticket.
    private readonly int[] _slots;
    private readonly Entry[] _entries;
    private readonly char[] _chars;
    private readonly int[] _ids;

    public StemTable(IReadOnlyCollection<KeyValuePair<string, int[]>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var size = 16;
        while (size < entries.Count * 2)
        {
            size <<= 1;
        }

        _mask = size - 1;
        _slots = new int[size];
        Array.Fill(_slots, -1);
        _entries = new Entry[entries.Count];
        _chars = new char[entries.Sum(e => e.Key.Length)];
        _ids = new int[entries.Sum(e => e.Value.Length)];
        int entry = 0, charOffset = 0, idOffset = 0;
        foreach (var (stem, ids) in entries)
        {
            stem.CopyTo(_chars.AsSpan(charOffset));
            ids.CopyTo(_ids.AsSpan(idOffset));
            var hash = Hash(stem);
            _entries[entry] = new Entry(hash, stem.Length, charOffset, idOffset, ids.Length);
            var slot = (int)hash & _mask;
            while (_slots[slot] >= 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = entry;
            charOffset += stem.Length;
            idOffset += ids.Length;
            entry++;
        }
    }

    /// <summary>The word ids filed under <paramref name="stem"/>; empty when it is in no phrase.</summary>
    public ReadOnlySpan<int> Find(ReadOnlySpan<char> stem)
    {
        var hash = Hash(stem);
        var slots = _slots;
        var entries = _entries;
        for (var slot = (int)hash & _mask; ; slot = (slot + 1) & _mask)
        {
            var index = slots[slot];
            if (index < 0)
            {
                return [];
            }

            ref readonly var found = ref entries[index];
            if (found.Hash == hash && found.Length == stem.Length
                && _chars.AsSpan(found.CharStart, found.Length).SequenceEqual(stem))
            {
                return _ids.AsSpan(found.IdStart, found.IdCount);
            }
        }
    }

    // Eight bytes (four characters) per multiply rather than one character: most words take one
    // or two. The length is mixed in, so a zero-padded tail cannot collide with a shorter word's
    // full one; a murmur finaliser spreads the result over the slot bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        var hash = (ulong)bytes.Length * 0x9E3779B97F4A7C15UL;
        while (bytes.Length >= sizeof(ulong))
        {
            hash = (hash ^ MemoryMarshal.Read<ulong>(bytes)) * 0xC2B2AE3D27D4EB4FUL;
            bytes = bytes[sizeof(ulong)..];
        }

        if (!bytes.IsEmpty)
        {
            // Two, four or six bytes remain (whole characters).
            ulong tail = bytes.Length >= sizeof(uint) ? MemoryMarshal.Read<uint>(bytes) : MemoryMarshal.Read<ushort>(bytes);
            if (bytes.Length == 6)
            {
                tail |= (ulong)MemoryMarshal.Read<ushort>(bytes[4..]) << 32;
            }

            hash = (hash ^ tail) * 0xC2B2AE3D27D4EB4FUL;
        }

        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        return (uint)hash;
    }

    private readonly record struct Entry(uint Hash, int Length, int CharStart, int IdStart, int IdCount);
}
