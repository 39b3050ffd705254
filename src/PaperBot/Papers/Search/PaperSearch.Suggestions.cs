using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    // The first window of newest titles autocomplete looks in; a short prefix fills it.
    private const int SuggestionWindow = 1_024;

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
                var newest = await NewestTitleMatchesAsync(connection, string.Join(' ', words.Select(w => $"\"{w}\" *")), limit, cancellationToken).ConfigureAwait(false);
                command.CommandText = "SELECT p.id, p.title FROM papers AS p WHERE p.seq IN (SELECT value FROM json_each($seqs)) ORDER BY p.seq DESC";
                command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', newest.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]");
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
    /// The row ids of the newest <paramref name="limit"/> titles matching, read forward from a floor that moves back
    /// (x8) until enough are found. FTS5 reads a doclist forward from a row id cheaply, but an <c>ORDER BY rowid
    /// DESC</c> reads the whole doclist first: for a one-letter prefix at a million titles that was over 100 ms.
    /// </summary>
    private static async Task<List<long>> NewestTitleMatchesAsync(SqliteConnection connection, string match, int limit, CancellationToken cancellationToken)
    {
        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM papers_title_fts WHERE papers_title_fts MATCH $match AND rowid >= $floor";
        command.Parameters.AddWithValue("$match", match);
        var floorParameter = command.Parameters.Add("$floor", SqliteType.Integer);
        var newest = new Queue<long>(limit + 1);
        for (var span = (long)SuggestionWindow; ; span *= 8)
        {
            var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - span + 1);
            floorParameter.Value = floor;
            newest.Clear();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    newest.Enqueue(reader.GetInt64(0));
                    if (newest.Count > limit)
                    {
                        newest.Dequeue();
                    }
                }
            }

            if (newest.Count >= limit || floor <= corpus.MinSeq)
            {
                return [.. newest.Reverse()];
            }
        }
    }
}
