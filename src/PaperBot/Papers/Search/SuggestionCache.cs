using System.Globalization;
using System.Text;

namespace PaperBot.Papers.Search;

/// <summary>
/// The last few autocomplete answers, so the next keystroke narrows one instead of reading the title index again
/// ("atten" after "att"). An entry holds every title match at or above its floor row id; it is used only while the
/// store's newest and oldest row ids are what they were (a stored paper makes it stale) and for a few seconds
/// (a retitled paper is seen again after that).
/// </summary>
internal sealed class SuggestionCache(TimeProvider timeProvider)
{
    /// <summary>How many matches an entry keeps: enough that a narrowed keystroke still fills a list of 25.</summary>
    public const int Kept = 256;

    private const int Capacity = 16;
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly Lock gate = new();
    private readonly LinkedList<Entry> entries = new();

    /// <summary>
    /// Remembers that <paramref name="seqs"/> (newest first) are all the matches of <paramref name="words"/> with a
    /// row id at or above <paramref name="floor"/>, in a store whose row ids span <paramref name="corpus"/>.
    /// </summary>
    public void Add(string[] words, IReadOnlyList<long> seqs, long floor, (long MaxSeq, long MinSeq) corpus)
    {
        var entry = new Entry(words, [.. seqs], floor, corpus, timeProvider.GetUtcNow());
        lock (gate)
        {
            entries.AddFirst(entry);
            while (entries.Count > Capacity)
            {
                entries.RemoveLast();
            }
        }
    }

    /// <summary>
    /// An entry whose matches include every match of <paramref name="words"/> at or above its floor: each of its
    /// words is the start of one of <paramref name="words"/>, so a title matching the new words matched the old.
    /// </summary>
    public bool TryNarrow(string[] words, (long MaxSeq, long MinSeq) corpus, out long[] seqs, out long floor)
    {
        var now = timeProvider.GetUtcNow();
        lock (gate)
        {
            for (var node = entries.First; node is not null; node = node.Next)
            {
                var entry = node.Value;
                if (entry.Corpus == corpus && now - entry.At <= MaxAge && now >= entry.At
                    && entry.Words.All(old => words.Any(w => w.StartsWith(old, StringComparison.Ordinal))))
                {
                    (seqs, floor) = (entry.Seqs, entry.Floor);
                    return true;
                }
            }
        }

        (seqs, floor) = ([], 0);
        return false;
    }


    /// <summary>Whether every typed word starts a word of <paramref name="title"/>, as the title index sees words.</summary>
    public static bool Matches(string title, string[] words)
    {
        var titleWords = PaperSearch.Words(Fold(title)).ToList();
        return words.All(w => titleWords.Exists(t => t.StartsWith(w, StringComparison.Ordinal)));
    }

    /// <summary>
    /// <see cref="Matches"/> when C# can be sure: null for a title that does not match but is not plain ASCII, since
    /// the index folds more letters than C# does ("ø") and only it can say no to that title.
    /// </summary>
    public static bool? MatchesSurely(string title, string[] words) =>
        Matches(title, words) ? true : title.All(char.IsAscii) ? false : null;

    /// <summary>Whether narrowing in C# sees <paramref name="words"/> as the index does: plain ASCII letters and digits.</summary>
    public static bool CanNarrow(string[] words) => words.All(w => w.All(char.IsAsciiLetterOrDigit));

    // The index removes diacritics ('remove_diacritics 2'): "Schrödinger" is the word "schrodinger".
    private static string Fold(string text)
    {
        if (text.All(char.IsAscii))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed record Entry(string[] Words, long[] Seqs, long Floor, (long MaxSeq, long MinSeq) Corpus, DateTimeOffset At);
}
