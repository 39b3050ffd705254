using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// The newest titles matching plain ASCII words of which one or more is longer than the longest prefix index, or
    /// null when only the index can answer. FTS5 answers such a word by merging, whole, the doclists of every title
    /// word it starts, whatever the row-id floor (tens of milliseconds at a million titles when the matches are old).
    /// Its first <see cref="LongestTitlePrefixIndex"/> letters are a prefix term the index holds, read forward from a
    /// floor as cheaply as a short word: those titles are the candidates (nearly always the same titles), and each
    /// is checked in C# against the whole words, as the suggestion cache narrows an answer. The floor moves back
    /// (by the rate of matches found, at least x8) until <paramref name="limit"/> titles match; the answer holds every
    /// match at or above its floor.
    /// </summary>
    private static async Task<(List<(long Seq, TitleSuggestion Suggestion)> Titles, long Floor)?> NewestCheckedMatchesAsync(
        SqliteConnection connection, string[] words, int limit, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        var match = string.Join(' ', words.Select(w => $"\"{(w.Length > LongestTitlePrefixIndex ? w[..LongestTitlePrefixIndex] : w)}\" *"));
        using var command = TitleMatchCommand(connection, match);
        var checkedTitles = new Dictionary<long, (TitleSuggestion Suggestion, bool Matches)>();
        var candidates = new Queue<long>(CheckedCandidates + 1);
        for (var span = (long)SuggestionWindow; ;)
        {
            var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - span + 1);
            var dropped = await ReadNewestTitleMatchesAsync(command, floor, candidates, CheckedCandidates, cancellationToken).ConfigureAwait(false);

            foreach (var (seq, suggestion) in await TitlesAsync(connection, candidates.Where(c => !checkedTitles.ContainsKey(c)), cancellationToken).ConfigureAwait(false))
            {
                if (SuggestionCache.MatchesSurely(suggestion.Title, words) is not { } matches)
                {
                    return null;
                }

                checkedTitles[seq] = (suggestion, matches);
            }

            var matched = candidates.Reverse().Where(c => checkedTitles.TryGetValue(c, out var t) && t.Matches)
                .Select(c => (Seq: c, checkedTitles[c].Suggestion)).ToList();
            if (dropped && matched.Count < limit)
            {
                // More candidates than are kept, too few of them matches: a first six letters that many more titles
                // share than the whole word. The longest word, whole, narrows them.
                return await LongestWordMatchesAsync(connection, words, corpus, cancellationToken).ConfigureAwait(false);
            }

            if (matched.Count >= limit || floor <= corpus.MinSeq)
            {
                // With older candidates dropped, the kept ones are all the candidates from the oldest kept on.
                return KeepNewest(matched, dropped ? candidates.Peek() : floor);
            }

            // Wide enough to hold the rest at half the rate of matches seen so far, and at least eight times as wide:
            // the read from a lower floor costs about what a whole read does, so few steps beat small ones.
            var wider = matched.Count == 0 ? span * 64 : Math.Max(span * 8, span * 2 * limit / matched.Count);

            // At the rate of candidates seen so far, the wider read would hold more than are kept, and so end as above
            // after one more read of every title of the range (tens of milliseconds when a typed letter starts most
            // title words): the longest word, whole, narrows them now.
            var range = corpus.MaxSeq - corpus.MinSeq + 1;
            if (candidates.Count * ((double)Math.Min(wider, range) / Math.Min(span, range)) > CheckedCandidates)
            {
                return await LongestWordMatchesAsync(connection, words, corpus, cancellationToken).ConfigureAwait(false);
            }

            span = wider;
        }
    }

    /// <summary>
    /// Every title matching the longest typed word whole and the others by their first
    /// <see cref="LongestTitlePrefixIndex"/> letters, over the whole range, checked in C# against the whole words; null
    /// when more than <see cref="CheckedCandidates"/> titles are candidates, or a title cannot be checked (the index then
    /// answers with every word whole). FTS5 merges the doclists of the title words a long word starts, whole: for a
    /// rare word that is cheap, for a common one (<c>learning</c>: 370,000 titles at a million) it is the slow part of
    /// the index's answer, which merges every long word so (docs/benchmarks.md, autocomplete at 1M).
    /// </summary>
    private static async Task<(List<(long Seq, TitleSuggestion Suggestion)> Titles, long Floor)?> LongestWordMatchesAsync(
        SqliteConnection connection, string[] words, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        var longest = words.MaxBy(w => w.Length)!;
        var match = string.Join(' ', words.Select(w => $"\"{(w == longest || w.Length <= LongestTitlePrefixIndex ? w : w[..LongestTitlePrefixIndex])}\" *"));
        using var command = TitleMatchCommand(connection, match);
        var candidates = new Queue<long>(CheckedCandidates + 1);
        if (await ReadNewestTitleMatchesAsync(command, corpus.MinSeq, candidates, CheckedCandidates, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var matched = new List<(long Seq, TitleSuggestion Suggestion)>();
        foreach (var (seq, suggestion) in await TitlesAsync(connection, candidates, cancellationToken).ConfigureAwait(false))
        {
            switch (SuggestionCache.MatchesSurely(suggestion.Title, words))
            {
                case null:
                    return null;
                case true:
                    matched.Add((seq, suggestion));
                    break;
            }
        }

        // Every match is known, down to the store's oldest row.
        return KeepNewest(matched, corpus.MinSeq);
    }

    /// <summary>
    /// An answer keeps its newest <see cref="SuggestionCache.Kept"/> matches (newest first), with the floor at or above
    /// which they are all the matches: <paramref name="floor"/>, or the oldest kept match when some were left out.
    /// </summary>
    private static (List<(long Seq, TitleSuggestion Suggestion)> Titles, long Floor) KeepNewest(List<(long Seq, TitleSuggestion Suggestion)> matched, long floor)
    {
        if (matched.Count > SuggestionCache.Kept)
        {
            matched.RemoveRange(SuggestionCache.Kept, matched.Count - SuggestionCache.Kept);
            floor = matched[^1].Seq;
        }

        return (matched, floor);
    }

    /// <summary>How many candidate titles a long-word lookup reads and checks at most.</summary>
    private const int CheckedCandidates = 1_024;
}
