using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>How many of the most frequent words get their lists made ahead, in the background.</summary>
    internal const int PrebuiltLists = 64;

    private readonly CommonWordLists commonLists = new();

    /// <summary>False: rank common-word queries within the window of newest matches, as before the lists (for the benchmark).</summary>
    internal bool RankCommonFromLists { get; init; } = true;

    /// <summary>
    /// How many papers each common word's list holds: its best by BM25 on its own. Longer lists bound the other words
    /// of a pair tighter, so fewer candidates need a look-up (each about 40 µs at a million papers); a query walks a
    /// list only as deep as its page needs. At a million papers, 20,000 against 5,000 cut the look-ups of the slowest
    /// pairs from about 1,400 to 200 (docs/benchmarks.md, "common words").
    /// </summary>
    private int ListSize => CommonListSize ?? settings.CandidateLimit * 20;

    /// <summary>Another length for the lists than <see cref="ListSize"/>'s (for tests: short lists make look-ups).</summary>
    internal int? CommonListSize { get; init; }

    /// <summary>Whether every positive term can have a list: plain words and phrases, not prefixes or author terms.</summary>
    private bool RanksFromLists(SearchQuery query) =>
        RankCommonFromLists && query.PositiveTerms.All(t => t.Field == SearchField.Any && !t.IsPrefix);

    /// <summary>
    /// A common-word query ranked over the whole store: exact BM25 among the papers that score best for any of its
    /// words on its own (each word's list, made once per state of the store). One order for every page, so paging
    /// never repeats or skips a paper. Null when the lists cannot
    /// settle the page (its last score is not above the most a paper in none of them can score): the caller then
    /// ranks every match. See docs/search.md.
    /// </summary>
    private async Task<List<(long Seq, double Score)>?> RankCommonAsync(
        SqliteConnection connection, SearchQuery query, SearchFilters filters, (long MaxSeq, long MinSeq, long Size) corpus, Page page, CancellationToken cancellationToken)
    {
        var match = query.MatchExpression!;
        var lists = new List<WordList>();
        var terms = new List<string>();
        foreach (var (key, term) in await ListKeysAsync(connection, query, cancellationToken).ConfigureAwait(false))
        {
            var found = commonLists.Find(key, corpus.MaxSeq, settings.CandidateLimit);
            lists.Add(found ?? await MakeListAsync(connection, term, key, corpus, cancellationToken).ConfigureAwait(false));
            terms.Add(term);
        }

        var candidates = CommonCandidates.FromLists(lists);
        var since = lists.Min(l => l.MaxSeq);
        if (since < corpus.MaxSeq)
        {
            // Papers stored since a list was made (at most a candidate limit of them): candidates with no bound.
            using var newer = connection.CreateCommand();
            newer.CommandText = "SELECT rowid FROM papers_fts WHERE papers_fts MATCH $match AND rowid > $since";
            newer.Parameters.AddWithValue("$match", match);
            newer.Parameters.AddWithValue("$since", since);
            candidates.AddUnbounded(await ReadSeqsAsync(newer, cancellationToken).ConfigureAwait(false));
        }

        // A query of plain terms and nothing else (no filter, exclusion or OR) is the sum of its terms' scores and
        // matches every paper holding each term: a candidate needs a look-up only of the terms whose list lacks it.
        var byTerms = filters.IsEmpty && query.Exclusions.Count == 0 && query.Groups.All(g => g.Count == 1) && query.Groups.Count == lists.Count;
        var need = page.Offset + page.Limit;
        var scored = await ScoreCandidatesAsync(
            connection, query, filters, byTerms ? terms : null, candidates, need, corpus.Size, cancellationToken).ConfigureAwait(false);

        scored.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : b.Seq.CompareTo(a.Seq));
        if (scored.Count >= need ? scored[need - 1].Score <= candidates.OutsideBound : candidates.OutsideBound > 0)
        {
            // Too few papers in every list for this page (short lists, a filter few of them pass, a deep page): a
            // paper in none of the lists could score as much as the page's last, or fill the page past the candidates.
            return null;
        }

        // Otherwise, when fewer than a page came back, every list holds all the papers with its word, so the
        // candidates were every match.
        return scored.Skip(page.Offset).Take(page.Limit).ToList();
    }

    /// <summary>BM25 of <paramref name="match"/> for those of <paramref name="seqs"/> that match it and the filters, each looked up by row id.</summary>
    private async Task<List<(long Seq, double Score)>> ScoreAmongAsync(
        SqliteConnection connection, string match, bool plainWords, SearchFilters filters, List<long> seqs, long corpusSize, CancellationToken cancellationToken)
    {
        var (_, scope) = await StartRunAsync(connection, plainWords, keep: 0, corpusSize, cancellationToken).ConfigureAwait(false);
        using (scope)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT papers_fts.rowid AS seq, {RankingScore} AS score
                FROM json_each($candidates) AS c CROSS JOIN papers_fts ON papers_fts.rowid = c.value{Join(filters)}
                WHERE papers_fts MATCH $match{filters.Sql}
                LIMIT $limit OFFSET $offset
                """;
            command.Parameters.AddWithValue("$run", scope.Id);
            command.Parameters.AddWithValue("$candidates", ToJson(seqs));
            return await ReadPageAsync(command, match, filters, 0, seqs.Count, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes the lists of the <see cref="PrebuiltLists"/> most frequent words that would make a query common, in the
    /// background after the frequent words are counted, so the first queries of those words need not: a list costs
    /// a ranking of every paper holding the word (about a second for a word in most of a million papers).
    /// Other words get theirs the first time a query needs it.
    /// </summary>
    private async Task MakeCommonListsAsync(SqliteConnection connection, List<(string Word, long Rows)> words, CancellationToken cancellationToken)
    {
        // The ranking function is registered per connection, and this one is the background count's own.
        if (!UsesOwnRanking(connection))
        {
            return;
        }

        var started = timeProvider.GetTimestamp();
        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        var common = words
            .Where(w => w.Rows > Math.Max(settings.CandidateLimit, settings.CommonTermFraction * corpus.Size))
            .OrderByDescending(w => w.Rows)
            .Take(PrebuiltLists)
            .ToList();
        // A counted word is an index token (a stem). As a query it is stemmed again, and a stem is not always its own
        // stem: such a word's list would be another token's, so it is left to the first query that needs it.
        var tokens = await IndexTokenizer.TokenizeAsync(connection, [.. common.Select(w => w.Word)], cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < common.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var word = common[i].Word;
            if (tokens[i] is [var token] && token == word && commonLists.Find(word, corpus.MaxSeq, settings.CandidateLimit) is null)
            {
                await MakeListAsync(connection, new SearchTerm(word).ToFts(), word, corpus, cancellationToken).ConfigureAwait(false);
            }
        }

        Log.CommonListsMade(logger, common.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>The best <see cref="ListSize"/> papers for one term alone (<paramref name="term"/> in FTS5 syntax), kept under <paramref name="key"/>.</summary>
    private async Task<WordList> MakeListAsync(SqliteConnection connection, string term, string key, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        var (_, scope) = await StartRunAsync(connection, plainWords: true, ListSize, corpus.Size, cancellationToken).ConfigureAwait(false);
        using (scope)
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT papers_fts.rowid AS seq, {RankingScore} AS score FROM papers_fts
                WHERE papers_fts MATCH $match ORDER BY score DESC, seq DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$run", scope.Id);
            var page = await ReadPageAsync(command, term, SearchFilters.None, 0, ListSize, cancellationToken).ConfigureAwait(false);
            var floor = page.Count < ListSize ? 0.0 : page[^1].Score;
            var list = WordList.FromRanked(corpus.MaxSeq, page, floor);
            commonLists.Keep(key, list);
            return list;
        }
    }

    private static async Task<List<(long Seq, double Score)>> ReadPageAsync(
        SqliteCommand command, string match, SearchFilters filters, int offset, int limit, CancellationToken cancellationToken)
    {
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        filters.Bind(command);
        var rows = new List<(long, double)>(Math.Min(limit, 1_000));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add((reader.GetInt64(0), reader.GetDouble(1)));
            }
        }

        return rows;
    }

    private static async Task<List<long>> ReadSeqsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var into = new List<long>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                into.Add(reader.GetInt64(0));
            }
        }

        return into;
    }

    private static string ToJson(IEnumerable<long> seqs)
    {
        var json = new StringBuilder().Append('[');
        foreach (var seq in seqs)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            json.Append(seq.ToString(CultureInfo.InvariantCulture));
        }

        return json.Append(']').ToString();
    }
}
