using Adapter.Core.Classification;

namespace Adapter.Core.Tests.Classification;

public sealed class WordStemmerTests
{
    [Theory]
    [InlineData("messages", "message")]
    [InlineData("stopped", "stop")]
    [InlineData("stopping", "stop")]
    [InlineData("noted", "note")]
    [InlineData("notes", "note")]
    [InlineData("coded", "code")]
    [InlineData("filed", "file")]
    [InlineData("pinned", "pin")]
    [InlineData("templates", "template")]
    public void Stem_Inflection_MatchesBaseForm(string inflected, string baseForm)
    {
        // Arrange / Act
        var stem = WordStemmer.Stem(inflected).ToString();

        // Assert
        Assert.Equal(WordStemmer.Stem(baseForm).ToString(), stem);
    }

    [Theory]
    [InlineData("not", "note")]
    [InlineData("cod", "code")]
    [InlineData("sit", "site")]
    public void Stem_ShortWordEndingInE_StaysDistinct(string shorter, string withE)
    {
        // Arrange / Act
        var a = WordStemmer.Stem(shorter).ToString();
        var b = WordStemmer.Stem(withE).ToString();

        // Assert
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData("pt")]
    [InlineData("hl7")]
    [InlineData("status")]
    [InlineData("access")]
    public void Stem_WordWithoutSuffix_IsUnchanged(string word)
    {
        // Arrange / Act
        var stem = WordStemmer.Stem(word).ToString();

        // Assert
        Assert.Equal(word, stem);
    }
}
