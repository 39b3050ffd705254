using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// A page of a text query's ranking by relevance, without snippets: each paper with its row id. The hybrid
    /// search fuses whole rankings and makes snippets for its page only, since a snippet costs a full-text
    /// lookup of the paper (tens of milliseconds for a page of fifty at a million papers).
    /// </summary>
    internal async Task<RankedPage> RankPapersAsync(SearchQuery query, int offset, int limit, bool makeLists, CancellationToken cancellationToken)
    {
        var page = new Page(Math.Clamp(offset, 0, MaxOffset), Math.Clamp(limit, 1, MaxLimit));
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                var ranking = await RankTextAsync(connection, query, SearchSort.Relevance, page, makeLists, cancellationToken).ConfigureAwait(false);
                var papers = await LoadPapersAsync(connection, [.. ranking.Ranked.Select(r => r.Seq)], cancellationToken).ConfigureAwait(false);
                return new RankedPage(
                    [.. ranking.Ranked.Where(r => papers.ContainsKey(r.Seq)).Select(r => new RankedPaper(r.Seq, papers[r.Seq], r.Score))],
                    ranking.Total,
                    ranking.Estimate);
            }
        }
        catch (SqliteException ex)
        {
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return new RankedPage([], 0, false, FailureMessage);
        }
    }

    /// <summary>Papers by row id, without snippets (a missing row id is left out).</summary>
    internal static async Task<Dictionary<long, Paper>> LoadPapersAsync(SqliteConnection connection, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        var papers = new Dictionary<long, Paper>(seqs.Count);
        if (seqs.Count == 0)
        {
            return papers;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PaperRows.Columns} FROM papers AS p WHERE p.seq IN (SELECT value FROM json_each($seqs))";
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var paper = PaperRows.Read(reader, out var seq);
                papers[seq] = paper;
            }
        }

        return papers;
    }

    /// <summary>The row ids and scores of a page of a text query, the number of matches, and how exact both are.</summary>
    private sealed record TextRanking(IReadOnlyList<(long Seq, double Score)> Ranked, long Total, bool Estimate, bool PartialSort)
    {
        public static TextRanking None { get; } = new([], 0, false, false);
    }
}
