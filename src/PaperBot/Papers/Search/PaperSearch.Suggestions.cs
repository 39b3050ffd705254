using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    // The first window of newest titles autocomplete looks in; a short prefix fills it.
    private const int SuggestionWindow = 1_024;

    // The title index keeps prefixes of up to this many letters (migration 0015's prefix = '1 2 3 4 5 6').
    private const int LongestTitlePrefixIndex = 6;

    private readonly SuggestionCache suggestionCache = new(timeProvider);

    /// <summary>
    /// Titles for autocomplete: every typed word must start a word of the title (unstemmed), newest stored
    /// first. An arXiv id or URL finds that paper; empty input offers the newest papers.
    /// </summary>
    public async Task<IReadOnlyList<TitleSuggestion>> SuggestTitlesAsync(string partial, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxSuggestions);
        partial ??= "";
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$limit", limit);
            var words = Words(partial).Take(8).ToArray();
            if (ArxivId.TryParse(partial, out var id))
            {
                command.CommandText = "SELECT p.id, p.title FROM papers AS p WHERE p.id = $id";
                command.Parameters.AddWithValue("$id", id.Id);
            }
            else if (PartialArxivId().Match(partial) is { Success: true } prefix)
            {
                // "2410.03": the papers whose id starts so, as one types an id (digits and dots: no GLOB wildcard).
                command.CommandText = "SELECT p.id, p.title FROM papers AS p WHERE p.id GLOB $prefix ORDER BY p.id DESC LIMIT $limit";
                command.Parameters.AddWithValue("$prefix", prefix.Groups[1].Value + "*");
            }
            else if (words.Length == 0)
            {
                command.CommandText = NewestTitlesSql;
            }
            else
            {
                return await SuggestByWordsAsync(connection, words, limit, cancellationToken).ConfigureAwait(false);
            }

            var suggestions = new List<TitleSuggestion>(limit);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    suggestions.Add(new TitleSuggestion(reader.GetString(0), reader.GetString(1)));
                }
            }

            return suggestions;
        }
    }

    /// <summary>
    /// Titles whose words start with each typed word, newest stored first: narrowed from a cached answer for an
    /// earlier keystroke when one covers enough matches, else read from the title index (and cached).
    /// </summary>
    private async Task<IReadOnlyList<TitleSuggestion>> SuggestByWordsAsync(SqliteConnection connection, string[] words, int limit, CancellationToken cancellationToken)
    {
        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        var span = (corpus.MaxSeq, corpus.MinSeq);
        if (SuggestionCache.CanNarrow(words) && suggestionCache.TryNarrow(words, span, out var cached, out var cachedFloor))
        {
            var rows = await TitlesAsync(connection, cached, cancellationToken).ConfigureAwait(false);
            var matched = new List<(long Seq, TitleSuggestion Suggestion)>();
            var certain = true;
            foreach (var row in rows)
            {
                var matches = SuggestionCache.MatchesSurely(row.Suggestion.Title, words);
                if (matches is null)
                {
                    certain = false;
                    break;
                }

                if (matches.Value)
                {
                    matched.Add(row);
                }
            }

            if (certain && (matched.Count >= limit || cachedFloor <= corpus.MinSeq))
            {
                suggestionCache.Add(words, matched.ConvertAll(m => m.Seq), cachedFloor, span);
                return [.. matched.Take(limit).Select(m => m.Suggestion)];
            }
        }

        var merged = words.Any(w => w.EnumerateRunes().Count() > LongestTitlePrefixIndex);
        if (merged && SuggestionCache.CanNarrow(words)
            && await NewestCheckedMatchesAsync(connection, words, limit, corpus, cancellationToken).ConfigureAwait(false) is { } found)
        {
            suggestionCache.Add(words, [.. found.Titles.Select(t => t.Seq)], found.Floor, span);
            return [.. found.Titles.Take(limit).Select(t => t.Suggestion)];
        }

        var (newest, floor) = await NewestTitleMatchesAsync(connection, string.Join(' ', words.Select(w => $"\"{w}\" *")), limit, corpus, merged, cancellationToken).ConfigureAwait(false);
        suggestionCache.Add(words, newest, floor, span);
        var titles = await TitlesAsync(connection, newest.Take(limit), cancellationToken).ConfigureAwait(false);
        return [.. titles.Select(t => t.Suggestion)];
    }

    private static async Task<List<(long Seq, TitleSuggestion Suggestion)>> TitlesAsync(SqliteConnection connection, IEnumerable<long> seqs, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT p.seq, p.id, p.title FROM papers AS p WHERE p.seq IN (SELECT value FROM json_each($seqs)) ORDER BY p.seq DESC";
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]");
        var titles = new List<(long, TitleSuggestion)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                titles.Add((reader.GetInt64(0), new TitleSuggestion(reader.GetString(1), reader.GetString(2))));
            }
        }

        return titles;
    }

    /// <summary>
    /// The row ids of the newest matching titles (up to <see cref="SuggestionCache.Kept"/>, at least
    /// <paramref name="limit"/> when there are so many), read forward from a floor that moves back (x8) until
    /// <paramref name="limit"/> are found, and the floor at or above which they are all the matches. FTS5 reads a
    /// doclist forward from a row id cheaply, but an <c>ORDER BY rowid DESC</c> reads the whole doclist first: for a
    /// one-letter prefix at a million titles that was over 100 ms. A word longer than the longest prefix index
    /// (<paramref name="merged"/>) is answered from the doclists of every title word it starts, merged whole
    /// whatever the floor, so each wider read would cost that merge again: after the first window, such a query
    /// reads the whole range at once (docs/benchmarks.md, autocomplete at 1M).
    /// </summary>
    private static async Task<(List<long> Newest, long Floor)> NewestTitleMatchesAsync(SqliteConnection connection, string match, int limit, (long MaxSeq, long MinSeq, long Size) corpus, bool merged, CancellationToken cancellationToken)
    {
        using var command = TitleMatchCommand(connection, match);
        var newest = new Queue<long>(SuggestionCache.Kept + 1);
        for (var span = (long)SuggestionWindow; ; span = merged ? long.MaxValue : span * 8)
        {
            var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - span + 1);
            var dropped = await ReadNewestTitleMatchesAsync(command, floor, newest, SuggestionCache.Kept, cancellationToken).ConfigureAwait(false);

            if (newest.Count >= limit || floor <= corpus.MinSeq)
            {
                // With older matches dropped, the kept ones are all the matches from the oldest kept on.
                return ([.. newest.Reverse()], dropped ? newest.Peek() : floor);
            }
        }
    }

    /// <summary>The title-index query of a match from a row-id floor (<c>$floor</c>), row ids ascending.</summary>
    private static SqliteCommand TitleMatchCommand(SqliteConnection connection, string match)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM papers_title_fts WHERE papers_title_fts MATCH $match AND rowid >= $floor";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.Add("$floor", SqliteType.Integer);
        return command;
    }

    /// <summary>
    /// Fills <paramref name="newest"/> with the newest <paramref name="keep"/> row ids the title match finds at or
    /// above <paramref name="floor"/>, oldest first; whether older ones were dropped to keep no more.
    /// </summary>
    private static async Task<bool> ReadNewestTitleMatchesAsync(SqliteCommand command, long floor, Queue<long> newest, int keep, CancellationToken cancellationToken)
    {
        command.Parameters["$floor"].Value = floor;
        newest.Clear();
        var dropped = false;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                newest.Enqueue(reader.GetInt64(0));
                if (newest.Count > keep)
                {
                    newest.Dequeue();
                    dropped = true;
                }
            }
        }

        return dropped;
    }
}
