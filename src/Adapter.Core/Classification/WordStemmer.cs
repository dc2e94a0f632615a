using System.Runtime.CompilerServices;

namespace Adapter.Core.Classification;

/// <summary>A deliberately light suffix stripper so that a phrase written once ("message
/// stopped") matches its inflections ("messages stopping"). Always returns a prefix of the input,
/// so it never allocates.</summary>
internal static class WordStemmer
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word)
    {
        if (word.Length <= 3)
        {
            return word;
        }

        // Suffixes are compared a character at a time: this runs for every word of every ticket.
        var last = word[^1];
        if (last == 's' && word.Length > 4 && word[^2] == 'e' && word[^3] == 'i')
        {
            // "queries" and "query" both become "quer".
            return word[..^3];
        }

        if (last == 'g' && word.Length > 5 && word[^2] == 'n' && word[^3] == 'i')
        {
            return UndoubleAndTrimE(word[..^3]);
        }

        if (last == 'd' && word.Length > 4 && word[^2] == 'e')
        {
            // "noted", "coded", "dosed" keep their e so that they meet "note", "code", "dose".
            return IsShortSyllable(word[..^2]) ? word[..^1] : UndoubleAndTrimE(word[..^2]);
        }

        if (last == 's' && word[^2] != 's' && word[^2] != 'u' && word[^2] != 'i')
        {
            return TrimE(word[..^1]);
        }

        return TrimE(word);
    }

    private static ReadOnlySpan<char> UndoubleAndTrimE(ReadOnlySpan<char> stem)
    {
        if (stem.Length > 3 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z' or 'e'))
        {
            return stem[..^1];
        }

        return TrimE(stem);
    }

    // Four-letter words keep their e: "note" must not become the negator "not", nor "code" "cod".
    private static ReadOnlySpan<char> TrimE(ReadOnlySpan<char> word) =>
        word.Length > 4 && word[^1] == 'e' && word[^2] != 'e' ? word[..^1] : word;

    private static bool IsShortSyllable(ReadOnlySpan<char> stem) =>
        stem.Length == 3 && !IsVowel(stem[0]) && IsVowel(stem[1]) && !IsVowel(stem[2]) && stem[2] is not ('w' or 'x' or 'y');

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
