using System.Runtime.CompilerServices;

namespace Adapter.Core.Classification;

/// <summary>Splits text into lower-case words: letters and digits form words, apostrophes are
/// dropped ("can't" → "cant"), everything else separates.</summary>
internal ref struct WordReader
{
    /// <summary>Longer words are not in any vocabulary; they are skipped as unknown.</summary>
    public const int MaxWordLength = 48;

    private readonly ReadOnlySpan<char> _text;
    private int _position;

    public WordReader(ReadOnlySpan<char> text)
    {
        _text = text;
        _position = 0;
    }

    /// <summary>Writes the next word into <paramref name="buffer"/> and returns its length, or -1
    /// at the end. A word longer than the buffer is returned with length 0 (unknown).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(scoped Span<char> buffer)
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && !IsWordChar(text[i]))
        {
            i++;
        }

        if (i >= text.Length)
        {
            _position = i;
            return -1;
        }

        var length = 0;
        var overflow = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            var lower = c < 128 ? (char)AsciiWordChars[c] : IsWordChar(c) ? char.ToLowerInvariant(c) : '\0';
            if (lower != '\0')
            {
                if (length < buffer.Length)
                {
                    buffer[length++] = lower;
                }
                else
                {
                    overflow = true;
                }
            }
            else if (c is not ('\'' or '\u2019'))
            {
                break;
            }
        }

        _position = i;
        return overflow ? 0 : length;
    }

    // Ticket text is mostly ASCII: one table read there, the Unicode tables only beyond it. Both
    // give what char.IsLetterOrDigit and char.ToLowerInvariant give.
    private static bool IsWordChar(char c) => c < 128 ? AsciiWordChars[c] != 0 : char.IsLetterOrDigit(c);

    /// <summary>For each ASCII character, its lower case if it is a letter or digit, else 0.</summary>
    private static ReadOnlySpan<byte> AsciiWordChars =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', 0, 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
        0, (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f', (byte)'g', (byte)'h', (byte)'i', (byte)'j', (byte)'k', (byte)'l', (byte)'m', (byte)'n', (byte)'o',
        (byte)'p', (byte)'q', (byte)'r', (byte)'s', (byte)'t', (byte)'u', (byte)'v', (byte)'w', (byte)'x', (byte)'y', (byte)'z', 0, 0, 0, 0, 0,
    ];
}
