using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// A page of a text query's ranking by relevance, without snippets: each paper's row id and id. The hybrid
    /// search fuses whole rankings and reads only its page's papers whole, with their snippets, since a snippet
    /// costs a full-text lookup of the paper (tens of milliseconds for a page of fifty at a million papers) and a
    /// paper's text is most of what a search allocates.
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
                var ids = await LoadIdsAsync(connection, [.. ranking.Ranked.Select(r => r.Seq)], cancellationToken).ConfigureAwait(false);
                return new RankedPage(
                    [.. ranking.Ranked.Where(r => ids.ContainsKey(r.Seq)).Select(r => new RankedPaper(r.Seq, ids[r.Seq], r.Score))],
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

    /// <summary>
    /// The terms that are not common words, by the search's own test (<see cref="SearchOptions.CommonTermFraction"/>
    /// of the papers and more than <see cref="SearchOptions.CandidateLimit"/>, from the density of each term among the
    /// newest papers). For the hybrid search's any-words pass: a common word weighs little in BM25 but reading its
    /// doclist costs the most, and the papers it alone brings in share a generic word with the query, nothing more.
    /// In a store too small for any word to be common, every term.
    /// </summary>
    internal async Task<IReadOnlyList<SearchTerm>> UncommonTermsAsync(IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
                var common = Math.Max(settings.CandidateLimit, settings.CommonTermFraction * corpus.Size);
                if (corpus.Size <= common)
                {
                    return terms;
                }

                var kept = new List<SearchTerm>(terms.Count);
                foreach (var term in terms)
                {
                    if (await IsUncommonAsync(connection, term, corpus, common, cancellationToken).ConfigureAwait(false))
                    {
                        kept.Add(term);
                    }
                }

                return kept;
            }
        }
        catch (SqliteException ex)
        {
            // The any-words pass itself reports a store that cannot be read; here every term simply stays.
            Log.SearchFailed(logger, ex.SqliteErrorCode, ex.Message);
            return terms;
        }
    }

    /// <summary>
    /// A word by its density among the newest papers; a term of several index tokens (<c>video-language</c> is the
    /// phrase "video language") by each of its tokens, since matching the phrase reads every token's doclist.
    /// </summary>
    private async Task<bool> IsUncommonAsync(SqliteConnection connection, SearchTerm term, (long MaxSeq, long MinSeq, long Size) corpus, double common, CancellationToken cancellationToken)
    {
        var tokens = Words(term.Text).ToList();
        IEnumerable<SearchTerm> parts = tokens.Count > 1 ? tokens.Select(t => term with { Text = t }) : [term];
        foreach (var part in parts)
        {
            if (await SampleDensityAsync(connection, part.ToFts(), corpus, cancellationToken).ConfigureAwait(false) * corpus.Size > common)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Papers by row id, without snippets (a missing row id is left out).</summary>
    internal static async Task<Dictionary<long, Paper>> LoadPapersAsync(SqliteConnection connection, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        var papers = new Dictionary<long, Paper>(seqs.Count);
        await ReadBySeqAsync(connection, PaperRows.Columns, seqs, reader => papers[reader.GetInt64(0)] = PaperRows.Read(reader, out _), cancellationToken).ConfigureAwait(false);
        return papers;
    }

    /// <summary>Papers' ids by row id (a missing row id is left out): what a ranking needs to be fused, without the text.</summary>
    internal static async Task<Dictionary<long, string>> LoadIdsAsync(SqliteConnection connection, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<long, string>(seqs.Count);
        await ReadBySeqAsync(connection, "p.seq, p.id", seqs, reader => ids[reader.GetInt64(0)] = reader.GetString(1), cancellationToken).ConfigureAwait(false);
        return ids;
    }

    /// <summary>
    /// Papers' sort keys by row id (a missing row id is left out): what ordering candidates by date or upvotes needs,
    /// without the text.
    /// </summary>
    internal static async Task<Dictionary<long, (DateOnly? Published, int? Upvotes)>> LoadSortKeysAsync(
        SqliteConnection connection, IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        var keys = new Dictionary<long, (DateOnly? Published, int? Upvotes)>(seqs.Count);
        await ReadBySeqAsync(
            connection,
            "p.seq, p.published, p.upvotes",
            seqs,
            reader => keys[reader.GetInt64(0)] = (reader.IsDBNull(1) ? null : PaperRows.ParseDate(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt32(2)),
            cancellationToken).ConfigureAwait(false);
        return keys;
    }

    private static async Task ReadBySeqAsync(SqliteConnection connection, string columns, IReadOnlyCollection<long> seqs, Action<SqliteDataReader> read, CancellationToken cancellationToken)
    {
        if (seqs.Count == 0)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {columns} FROM papers AS p WHERE p.seq IN (SELECT value FROM json_each($seqs))";
        command.Parameters.AddWithValue("$seqs", "[" + string.Join(',', seqs) + "]");
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                read(reader);
            }
        }
    }

    /// <summary>The row ids and scores of a page of a text query, the number of matches, and how exact both are.</summary>
    private sealed record TextRanking(IReadOnlyList<(long Seq, double Score)> Ranked, long Total, bool Estimate, bool PartialSort)
    {
        public static TextRanking None { get; } = new([], 0, false, false);
    }
}
