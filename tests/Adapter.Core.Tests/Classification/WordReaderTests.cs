using Adapter.Core.Classification;

namespace Adapter.Core.Tests.Classification;

public sealed class WordReaderTests
{
    private static List<string> ReadAll(string text)
    {
        var words = new List<string>();
        var reader = new WordReader(text);
        Span<char> buffer = stackalloc char[WordReader.MaxWordLength];
        int length;
        while ((length = reader.Next(buffer)) >= 0)
        {
            words.Add(length == 0 ? "<long>" : new string(buffer[..length]));
        }

        return words;
    }

    [Fact]
    public void Next_MixedText_LowerCasesAndSplitsOnPunctuation()
    {
        // Arrange / Act
        var words = ReadAll("Can't log-in to EPIC (HL7 A08)!");

        // Assert
        Assert.Equal(["cant", "log", "in", "to", "epic", "hl7", "a08"], words);
    }

    [Fact]
    public void Next_CurlyApostrophe_IsDropped()
    {
        // Arrange / Act
        var words = ReadAll("pt\u2019s meds");

        // Assert
        Assert.Equal(["pts", "meds"], words);
    }

    [Fact]
    public void Next_WordLongerThanBuffer_ReturnsZeroLength()
    {
        // Arrange / Act
        var words = ReadAll("ok " + new string('x', WordReader.MaxWordLength + 5) + " done");

        // Assert
        Assert.Equal(["ok", "<long>", "done"], words);
    }

    [Fact]
    public void Next_EmptyText_ReturnsEnd()
    {
        // Arrange / Act
        var words = ReadAll("  ... ");

        // Assert
        Assert.Empty(words);
    }
}
