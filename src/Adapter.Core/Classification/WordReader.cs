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
    public int Next(scoped Span<char> buffer)
    {
        var text = _text;
        var i = _position;
        while (i < text.Length && !char.IsLetterOrDigit(text[i]))
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
            if (char.IsLetterOrDigit(c))
            {
                if (length < buffer.Length)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
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
}
