using System.Globalization;
using System.Text;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// BERT's uncased WordPiece tokenizer, as the embedding models were trained with (Hugging Face
/// <c>BertTokenizer</c>, <c>do_lower_case=True</c>): control characters dropped, CJK characters split apart,
/// lower-cased with accents stripped, punctuation split off, then each word greedily cut into the longest
/// pieces of the vocabulary (<c>##</c> marks a continuation). A word with no spelling in pieces becomes [UNK].
/// </summary>
public sealed class WordPieceTokenizer
{
    private const int MaxWordChars = 100;

    private readonly Dictionary<string, int> vocabulary;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public WordPieceTokenizer(IEnumerable<string> vocabularyLines)
    {
        ArgumentNullException.ThrowIfNull(vocabularyLines);
        vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var line in vocabularyLines)
        {
            vocabulary.TryAdd(line.TrimEnd('\r'), index++);
        }

        lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        ClsId = Id("[CLS]");
        SepId = Id("[SEP]");
        UnknownId = Id("[UNK]");
    }

    public int ClsId { get; }

    public int SepId { get; }

    public int UnknownId { get; }

    /// <summary>
    /// The ids of <paramref name="text"/> between [CLS] and [SEP], at most <paramref name="maxTokens"/> in all
    /// (the text's pieces are cut, the markers kept).
    /// </summary>
    public int[] Encode(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        var ids = new List<int>(Math.Min(maxTokens, text.Length / 3 + 2)) { ClsId };
        var room = maxTokens - 1;
        var word = new StringBuilder();
        foreach (var rune in Normalize(text).EnumerateRunes())
        {
            if (ids.Count >= room)
            {
                break;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                Flush(word, ids, room);
            }
            else if (IsPunctuation(rune) || IsCjk(rune.Value))
            {
                Flush(word, ids, room);
                Append(word, rune);
                Flush(word, ids, room);
            }
            else
            {
                Append(word, rune);
            }
        }

        Flush(word, ids, room);
        ids.Add(SepId);
        return [.. ids];
    }

    private int Id(string token) =>
        vocabulary.TryGetValue(token, out var id) ? id : throw new InvalidOperationException($"The vocabulary has no {token} token.");

    /// <summary>Cleans, lower-cases and strips accents: the text BERT's basic tokenizer splits.</summary>
    private static string Normalize(string text)
    {
        var cleaned = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (rune.Value is 0 or 0xFFFD || ((category is UnicodeCategory.Control or UnicodeCategory.Format) && rune.Value is not ('\t' or '\n' or '\r')))
            {
                continue;
            }

            Append(cleaned, Rune.IsWhiteSpace(rune) ? new Rune(' ') : Rune.ToLowerInvariant(rune));
        }

        var decomposed = cleaned.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
            {
                Append(result, rune);
            }
        }

        return result.ToString();
    }

    /// <summary>Appends a character without making a string of it (the tokenizer sees every character of every text).</summary>
    private static void Append(StringBuilder builder, Rune rune)
    {
        Span<char> utf16 = stackalloc char[2];
        builder.Append(utf16[..rune.EncodeToUtf16(utf16)]);
    }

    /// <summary>Appends the word's pieces (or [UNK]) and clears it; never past <paramref name="room"/> ids.</summary>
    private void Flush(StringBuilder word, List<int> ids, int room)
    {
        if (word.Length == 0)
        {
            return;
        }

        var text = word.ToString();
        word.Clear();
        if (text.Length > MaxWordChars)
        {
            ids.Add(UnknownId);
            return;
        }

        var start = ids.Count;
        Span<char> candidate = stackalloc char[MaxWordChars + 2];
        var begin = 0;
        while (begin < text.Length)
        {
            var found = -1;
            var end = text.Length;
            for (; end > begin; end--)
            {
                var length = 0;
                if (begin > 0)
                {
                    candidate[0] = '#';
                    candidate[1] = '#';
                    length = 2;
                }

                text.AsSpan(begin, end - begin).CopyTo(candidate[length..]);
                length += end - begin;
                if (lookup.TryGetValue(candidate[..length], out var id))
                {
                    found = id;
                    break;
                }
            }

            if (found < 0)
            {
                ids.RemoveRange(start, ids.Count - start);
                ids.Add(UnknownId);
                break;
            }

            ids.Add(found);
            begin = end;
        }

        if (ids.Count > room)
        {
            ids.RemoveRange(room, ids.Count - room);
        }
    }

    private static bool IsPunctuation(Rune rune)
    {
        var value = rune.Value;
        if (value is (>= 33 and <= 47) or (>= 58 and <= 64) or (>= 91 and <= 96) or (>= 123 and <= 126))
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    private static bool IsCjk(int value) =>
        value is (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2A6DF) or (>= 0x2A700 and <= 0x2B73F)
            or (>= 0x2B740 and <= 0x2B81F) or (>= 0x2B820 and <= 0x2CEAF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x2F800 and <= 0x2FA1F);
}
