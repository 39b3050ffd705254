using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

public sealed class WordPieceTokenizerTests
{
    private static readonly WordPieceTokenizer Tokenizer = new(EmbedderFixture.Files.Vocabulary);

    [Fact]
    public void Encode_SentenceWithPunctuationAndARareWord_GivesBertUncasedIds()
    {
        // bert-base-uncased: [CLS] hello , una ##ffa ##ble world ! [SEP]
        Assert.Equal([101, 7592, 1010, 14477, 20961, 3468, 2088, 999, 102], Tokenizer.Encode("Hello, unaffable world!", 64));
    }

    [Fact]
    public void Encode_AccentsCaseAndControlCharacters_AreNormalizedAway()
    {
        Assert.Equal(Tokenizer.Encode("cafe resume", 64), Tokenizer.Encode("CAFÉ\u0000 Résumé\u200b", 64));
    }

    [Fact]
    public void Encode_LongText_IsCutToMaxTokensKeepingBothMarkers()
    {
        var ids = Tokenizer.Encode(string.Join(' ', Enumerable.Repeat("transformer attention", 200)), 16);

        Assert.Equal(16, ids.Length);
        Assert.Equal(Tokenizer.ClsId, ids[0]);
        Assert.Equal(Tokenizer.SepId, ids[^1]);
    }

    [Fact]
    public void Encode_WordWithNoPieces_BecomesUnknown()
    {
        var ids = Tokenizer.Encode("\u2603\u2603\u2603", 16);

        Assert.Contains(Tokenizer.UnknownId, ids);
    }
}
