using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// PaperBot's ranking function against FTS5's own bm25() on a store where words repeat enough for the
/// kept word counts and the skipped rows to matter: same papers, same order, same scores, same totals.
/// </summary>
public sealed class Bm25FunctionTests : IAsyncLifetime
{
    private const int Papers = 1500;
    private const double Tolerance = 1e-9;

    // A small vocabulary drawn with Zipf-like weights, so most words are in many papers.
    private static readonly string[] Words =
    [
        "model", "learning", "graph", "neural", "language", "vision", "robot", "policy", "reward", "token",
        "decoding", "speculative", "diffusion", "image", "video", "audio", "memory", "search", "ranking", "query",
        "retrieval", "agent", "planning", "forecast", "series", "sparse", "dense", "attention", "kernel", "matrix",
    ];

    private static readonly string[] Names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Edsger Dijkstra", "Barbara Liskov"];

    private DatabaseFixture db = null!;
    private PaperSearch search = null!;
    private PaperSearch builtInSearch = null!;

    public async Task InitializeAsync()
    {
        db = await DatabaseFixture.CreateAsync(seed: false);
        var random = new Random(7);
        var papers = Enumerable.Range(1, Papers).Select(i => new Paper
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"2402.{i:00000}"),
            Title = Text(random, random.Next(4, 9)),
            Abstract = Text(random, random.Next(20, 61)),
            Authors = [Names[random.Next(Names.Length)], Names[random.Next(Names.Length)]],
            Categories = [i % 4 == 0 ? "cs.CV" : "cs.LG"],
            Published = new DateOnly(2024, 1, 1).AddDays(i % 200),
            Sources = ["import"],
        }).ToList();
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
        // Every query ranks all of its matches (no common-word window) so bm25() is the reference throughout.
        search = CreateSearch(countFrequentWordsFrom: long.MaxValue);
        builtInSearch = new PaperSearch(db.Connections, db.Time, Options.Create(new SearchOptions { CandidateLimit = 1_000_000 }), NullLogger<PaperSearch>.Instance)
        {
            BuiltInRankingOnly = true,
        };
    }

    public async Task DisposeAsync() => await db.DisposeAsync();

    [Theory]
    [InlineData("model")]
    [InlineData("graph neural")]
    [InlineData("speculative decoding token")]
    [InlineData("memory -model")]
    [InlineData("vision OR audio")]
    [InlineData("\"neural graph\" learning")]
    [InlineData("spars* attention")]
    [InlineData("author:Turing policy")]
    [InlineData("reward planning cat:cs.CV")]
    [InlineData("image since:2024-03-01")]
    public async Task SearchAsync_AnyQuery_MatchesBuiltInBm25(string query)
    {
        foreach (var (offset, limit) in new[] { (0, 10), (10, 10), (40, 25), (5000, 10) })
        {
            foreach (var sort in new[] { SearchSort.Relevance, SearchSort.Newest })
            {
                await AssertSameAsBuiltInAsync(new SearchRequest(query, sort, offset, limit));
                // The path for a SQLite without the FTS5 API gives the same page.
                await AssertSameAsBuiltInAsync(new SearchRequest(query, sort, offset, limit), builtInSearch);
            }
        }
    }

    [Fact]
    public async Task SearchAsync_RandomWordQueries_MatchBuiltInBm25()
    {
        var random = new Random(11);
        for (var i = 0; i < 60; i++)
        {
            var words = Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[Draw(random)]);
            await AssertSameAsBuiltInAsync(new SearchRequest(string.Join(' ', words), Offset: random.Next(3) * 10));
        }
    }

    [Fact]
    public async Task RankingFunction_WithKeep_SkipsRowsThatCannotRankAndKeepsTheTopExact()
    {
        var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await using var owned = connection;
        Assert.True(Bm25Function.TryRegister(connection));
        var run = new Bm25Run(keep: 10, terms: null);
        using var scope = Bm25Function.Start(run);

        var scored = await ScoresAsync(connection, $"SELECT rowid, {Bm25Function.Name}(papers_fts, {scope.Id}, {PaperSearch.Weights}) FROM papers_fts WHERE papers_fts MATCH 'retrieval agent'");
        var builtIn = await ScoresAsync(connection, $"SELECT rowid, -{PaperSearch.Bm25} FROM papers_fts WHERE papers_fts MATCH 'retrieval agent'");

        Assert.Equal(builtIn.Count, scored.Count);
        Assert.Equal(builtIn.Count, run.Matches);
        // Most rows were answered without their length: the test would prove nothing if none were.
        Assert.InRange(scored.Count(s => s.Score == -1.0), builtIn.Count / 2, builtIn.Count - 10);
        Assert.Equal(Top(builtIn, 10), Top(scored, 10));
        foreach (var (rowid, score) in scored.Where(s => s.Score != -1.0))
        {
            Assert.Equal(builtIn.Single(b => b.Rowid == rowid).Score, score, Tolerance);
        }
    }

    [Fact]
    public async Task RankingFunction_KeptWordCounts_AreUsedForSingleWordsOfTheSameIndexOnly()
    {
        var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await using var owned = connection;
        Assert.True(Bm25Function.TryRegister(connection));
        var builtIn = await ScoresAsync(connection, $"SELECT rowid, -{PaperSearch.Bm25} FROM papers_fts WHERE papers_fts MATCH 'graph'");

        // A count is learned on first use, with the index's totals.
        var learned = new TermCounts([1]);
        Assert.Equal(builtIn[0].Score, (await RankAsync(connection, "graph", learned))[0].Score, Tolerance);
        Assert.True(learned.TryGet("graph", out var rows));
        Assert.Equal(builtIn.Count, rows);
        var (totalRows, totalTokens) = learned.Totals!.Value;
        Assert.Equal(Papers, totalRows);

        // A wrong count for the word changes its idf: proof that the kept count is what is used.
        var wrong = new TermCounts([1]);
        Assert.True(wrong.Describes(totalRows, totalTokens));
        wrong.Add("graph", 3);
        Assert.NotEqual(builtIn[0].Score, (await RankAsync(connection, "graph", wrong))[0].Score, Tolerance);

        // Counts taken on an index of another size are not used.
        var stale = new TermCounts([1]);
        Assert.True(stale.Describes(totalRows - 1, totalTokens));
        stale.Add("graph", 3);
        Assert.Equal(builtIn[0].Score, (await RankAsync(connection, "graph", stale))[0].Score, Tolerance);

        // A phrase of two words is counted row by row, never from the kept counts.
        var phrase = new TermCounts([1]);
        var phraseScores = await RankAsync(connection, "\"graph neural\"", phrase);
        Assert.False(phrase.TryGet("graph", out _));
        Assert.Equal((await ScoresAsync(connection, $"SELECT rowid, -{PaperSearch.Bm25} FROM papers_fts WHERE papers_fts MATCH '\"graph neural\"'"))[0].Score, phraseScores[0].Score, Tolerance);
    }

    [Fact]
    public async Task SearchAsync_LargeStore_CountsTheFrequentWordsInTheBackground()
    {
        var counting = CreateSearch(countFrequentWordsFrom: 0);
        await AssertSameAsBuiltInAsync(new SearchRequest("graph neural"), counting);
        await counting.FrequentWordsCounted;

        var kept = counting.KeptTermCounts!;
        var frequent = await VocabularyAsync(PaperSearch.FrequentWordRows);
        Assert.NotEmpty(frequent);
        Assert.All(frequent, w => Assert.True(kept.TryGet(w.Term, out var rows) && rows == w.Rows, w.Term));
        // Rarer words are counted when a query needs them, not ahead.
        var rare = (await VocabularyAsync(1)).First(w => w.Rows < PaperSearch.FrequentWordRows && Words.Contains(w.Term));
        Assert.False(kept.TryGet(rare.Term, out _));
        await AssertSameAsBuiltInAsync(new SearchRequest(rare.Term + " model"), counting);
        Assert.True(kept.TryGet(rare.Term, out var learned));
        Assert.Equal(rare.Rows, learned);
    }

    [Fact]
    public async Task SearchWarmUp_LargeStore_CountsTheFrequentWordsBeforeAnySearch()
    {
        var counting = CreateSearch(countFrequentWordsFrom: 0);
        using var warmUp = new SearchWarmUp(counting);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;
        await counting.FrequentWordsCounted;

        var frequent = await VocabularyAsync(PaperSearch.FrequentWordRows);
        Assert.All(frequent, w => Assert.True(counting.KeptTermCounts!.TryGet(w.Term, out var rows) && rows == w.Rows, w.Term));
    }

    [Fact]
    public async Task SearchWarmUp_Stopped_StartsNoMoreCounts()
    {
        using var counting = CreateSearch(countFrequentWordsFrom: 0);
        using var warmUp = new SearchWarmUp(counting);
        await warmUp.StopAsync(CancellationToken.None);

        await counting.PrepareWordCountsAsync(CancellationToken.None);

        Assert.Same(Task.CompletedTask, counting.FrequentWordsCounted);
        // Searches still rank exactly, counting each word as they need it.
        await AssertSameAsBuiltInAsync(new SearchRequest("retrieval agent"), counting);
    }

    [Fact]
    public async Task PrepareWordCountsAsync_SmallStore_CountsNothingAhead()
    {
        var small = CreateSearch(countFrequentWordsFrom: Papers + 1);

        await small.PrepareWordCountsAsync(CancellationToken.None);

        Assert.Same(Task.CompletedTask, small.FrequentWordsCounted);
        Assert.False(small.KeptTermCounts!.TryGet("model", out _));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SearchAsync_AfterAPaperChangesOneWord_UsesTheNewWordCounts(bool countInBackground)
    {
        var search = CreateSearch(countInBackground ? 0 : long.MaxValue);
        await AssertSameAsBuiltInAsync(new SearchRequest("matrix attention"), search);
        await search.FrequentWordsCounted;
        // (A word in under half of the papers: a word in most has the floor idf, which one paper does not move.)
        // A paper without the word gets it in place of another: one more paper holds "matrix", with the same
        // number of rows and tokens in the index, so only the index's structure tells the counts apart.
        Paper? paper = null;
        for (var i = 1; paper is null; i++)
        {
            var candidate = (await db.Papers.GetAsync(string.Create(CultureInfo.InvariantCulture, $"2402.{i:00000}"), CancellationToken.None))!;
            paper = candidate.Title.Split(' ').Contains("matrix") || candidate.Abstract.Split(' ').Contains("matrix") ? null : candidate;
        }

        var words = paper.Abstract.Split(' ');
        words[Array.FindIndex(words, w => w != "attention")] = "matrix";
        await db.Papers.UpsertManyAsync([paper with { Version = 2, Abstract = string.Join(' ', words) }], CancellationToken.None);
        Assert.Contains("matrix", (await db.Papers.GetAsync(paper.Id, CancellationToken.None))!.Abstract.Split(' '));

        await AssertSameAsBuiltInAsync(new SearchRequest("matrix attention"), search);
        await search.FrequentWordsCounted;
        await AssertSameAsBuiltInAsync(new SearchRequest("matrix"), search);
    }

    private async Task AssertSameAsBuiltInAsync(SearchRequest request, PaperSearch? through = null)
    {
        var results = await (through ?? search).SearchAsync(request, CancellationToken.None);
        var query = SearchQuery.Parse(request.Query, db.Time).Query!;
        var (expected, total) = await BuiltInAsync(query, request);

        Assert.Null(results.Error);
        Assert.False(results.TotalCountIsEstimate);
        Assert.Equal(total, results.TotalCount);
        Assert.Equal(expected.Select(e => e.Id), results.Hits.Select(h => h.Paper.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, results.Hits[i].Score, Tolerance);
        }
    }

    private PaperSearch CreateSearch(long countFrequentWordsFrom) =>
        new(db.Connections, db.Time, Options.Create(new SearchOptions { CandidateLimit = 1_000_000 }), NullLogger<PaperSearch>.Instance)
        {
            CountFrequentWordsFrom = countFrequentWordsFrom,
        };

    private async Task<List<(string Term, long Rows)>> VocabularyAsync(long minRows)
    {
        var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await using var owned = connection;
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT term, doc FROM papers_fts_vocab WHERE doc >= $rows ORDER BY doc DESC";
        command.Parameters.AddWithValue("$rows", minRows);
        var words = new List<(string, long)>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            words.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return words;
    }

    private async Task<(List<(string Id, double Score)> Page, long Total)> BuiltInAsync(SearchQuery query, SearchRequest request)
    {
        var filters = new SearchFilters(query);
        var order = request.Sort == SearchSort.Newest ? "published DESC, first_seen DESC, score DESC, seq DESC" : "score DESC, seq DESC";
        var connection = await db.Connections.OpenAsync(CancellationToken.None);
        await using var owned = connection;
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT id, score, count(*) OVER () FROM (
                SELECT p.id AS id, -{PaperSearch.Bm25} AS score, p.published AS published, p.first_seen AS first_seen, papers_fts.rowid AS seq
                FROM papers_fts CROSS JOIN papers AS p ON p.seq = papers_fts.rowid
                WHERE papers_fts MATCH $match{filters.Sql})
            ORDER BY {order}
            """;
        command.Parameters.AddWithValue("$match", query.MatchExpression);
        filters.Bind(command);
        var all = new List<(string, double)>();
        var total = 0L;
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            all.Add((reader.GetString(0), reader.GetDouble(1)));
            total = reader.GetInt64(2);
        }

        return (all.Skip(request.Offset).Take(request.Limit).ToList(), total);
    }

    private static async Task<List<(long Rowid, double Score)>> RankAsync(SqliteConnection connection, string word, TermCounts terms)
    {
        using var scope = Bm25Function.Start(new Bm25Run(keep: 0, terms));
        var rows = await ScoresAsync(connection, $"SELECT rowid, {Bm25Function.Name}(papers_fts, {scope.Id}, {PaperSearch.Weights}) FROM papers_fts WHERE papers_fts MATCH '{word}'");
        return rows.OrderByDescending(r => r.Score).ThenByDescending(r => r.Rowid).ToList();
    }

    private static async Task<List<(long Rowid, double Score)>> ScoresAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<(long, double)>();
        using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetDouble(1)));
        }

        return rows.OrderByDescending(r => r.Item2).ThenByDescending(r => r.Item1).ToList();
    }

    private static long[] Top(List<(long Rowid, double Score)> rows, int count) =>
        rows.OrderByDescending(r => r.Score).ThenByDescending(r => r.Rowid).Take(count).Select(r => r.Rowid).ToArray();

    private static string Text(Random random, int count) =>
        string.Join(' ', Enumerable.Range(0, count).Select(_ => Words[Draw(random)]));

    /// <summary>Index i drawn with weight 1/(i+1).</summary>
    private static int Draw(Random random)
    {
        var total = 0.0;
        for (var i = 0; i < Words.Length; i++)
        {
            total += 1.0 / (i + 1);
        }

        var pick = random.NextDouble() * total;
        for (var i = 0; i < Words.Length; i++)
        {
            pick -= 1.0 / (i + 1);
            if (pick <= 0)
            {
                return i;
            }
        }

        return Words.Length - 1;
    }
}
