namespace Adapter.Core.Classification;

/// <summary>Splits configured phrases into words the same way ticket text is split.</summary>
internal static class PhraseWords
{
    public static List<string> Split(string? phrase)
    {
        var words = new List<string>();
        if (string.IsNullOrEmpty(phrase))
        {
            return words;
        }

        var reader = new WordReader(phrase);
        Span<char> buffer = stackalloc char[WordReader.MaxWordLength];
        int length;
        while ((length = reader.Next(buffer)) >= 0)
        {
            if (length > 0)
            {
                words.Add(new string(buffer[..length]));
            }
        }

        return words;
    }
}
