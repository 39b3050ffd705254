using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers;

public sealed class PaperStoreTests
{
    private static Paper NewPaper(string id, string title = "A paper about glaciers", int version = 1, string source = "arxiv") => new()
    {
        Id = id,
        Version = version,
        Title = title,
        Abstract = "We measure glaciers.",
        Authors = ["Ada Lovelace"],
        Published = new DateOnly(2024, 5, 1),
        Categories = ["physics.geo-ph"],
        Sources = [source],
    };

    [Fact]
    public async Task UpsertAsync_NewPaper_InsertsWithFirstSeenFromClock()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);

        var outcome = await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);
        var stored = await db.Papers.GetAsync("2405.00001", CancellationToken.None);

        Assert.Equal(UpsertOutcome.Inserted, outcome);
        Assert.NotNull(stored);
        Assert.Equal("A paper about glaciers", stored.Title);
        Assert.Equal(["Ada Lovelace"], stored.Authors);
        Assert.Equal(new DateOnly(2024, 5, 1), stored.Published);
        Assert.Equal(["physics.geo-ph"], stored.Categories);
        Assert.Equal(DatabaseFixture.Start, stored.FirstSeen);
    }

    [Theory]
    [InlineData("doi:10.1145/3292500.3330701", "https://doi.org/10.1145/3292500.3330701", "10.1145/3292500.3330701")]
    [InlineData("10.48550/arXiv.2405.00002", "arXiv:2405.00002v1", "2405.00002")]
    public async Task UpsertAsync_IdInAnotherForm_IsStoredAndFoundByTheSameKey(string stored, string asked, string key)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);

        await db.Papers.UpsertAsync(NewPaper(stored), CancellationToken.None);
        var found = await db.Papers.GetAsync(asked, CancellationToken.None);

        Assert.Equal(key, found?.Id);
        Assert.Equal(1, await db.Papers.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpsertAsync_SamePaperAgain_IsUnchanged()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);
        db.Time.Advance(TimeSpan.FromHours(1));

        var outcome = await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);

        Assert.Equal(UpsertOutcome.Unchanged, outcome);
    }

    [Fact]
    public async Task UpsertAsync_VersionTwoUnderAnyIdForm_UpdatesTheOneRow()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);
        db.Time.Advance(TimeSpan.FromDays(1));

        var outcome = await db.Papers.UpsertAsync(NewPaper("arXiv:2405.00001v2", "Glaciers, revised"), CancellationToken.None);
        var stored = await db.Papers.GetAsync("https://arxiv.org/abs/2405.00001", CancellationToken.None);

        Assert.Equal(UpsertOutcome.Updated, outcome);
        Assert.Equal(1, await db.Papers.CountAsync(CancellationToken.None));
        Assert.Equal(2, stored!.Version);
        Assert.Equal("Glaciers, revised", stored.Title);
        Assert.Equal(DatabaseFixture.Start, stored.FirstSeen);
    }

    [Fact]
    public async Task UpsertAsync_SecondSource_AddsFieldsAndSourceWithoutDuplicating()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);

        var outcome = await db.Papers.UpsertAsync(
            new Paper { Id = "2405.00001", Title = "", Upvotes = 12, AiKeywords = ["ice"], Sources = ["huggingface"] },
            CancellationToken.None);
        var stored = await db.Papers.GetAsync("2405.00001", CancellationToken.None);

        Assert.Equal(UpsertOutcome.Updated, outcome);
        Assert.Equal(1, await db.Papers.CountAsync(CancellationToken.None));
        Assert.Equal("A paper about glaciers", stored!.Title);
        Assert.Equal(12, stored.Upvotes);
        Assert.Equal(["arxiv", "huggingface"], stored.Sources);
    }

    [Fact]
    public async Task UpsertAsync_TitleChanged_KeepsSearchIndexInSync()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(NewPaper("2405.00001", "Glaciers"), CancellationToken.None);

        await db.Papers.UpsertAsync(NewPaper("2405.00001", "Volcanoes", version: 2), CancellationToken.None);

        var byOld = await db.Search.SuggestTitlesAsync("glacie", 10, CancellationToken.None);
        var byNew = await db.Search.SearchAsync(new SearchRequest("volcanoes"), CancellationToken.None);
        Assert.Empty(byOld);
        Assert.Single(byNew.Hits);
    }

    [Fact]
    public async Task UpsertManyAsync_InsertsUpdatesAndDeletes_LeaveBothIndexesMatchingTheTable()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        await db.Papers.UpsertManyAsync(
            [
                NewPaper("2410.03355v2", "LANTERN revised title", version: 2),
                new Paper { Id = "2302.07863", Title = "", AiKeywords = ["speculative", "decoding"], Upvotes = 5, Sources = ["huggingface"] },
                new Paper { Id = "2411.11925", Title = "", Upvotes = 7, Sources = ["huggingface"] },
                NewPaper("2405.00001"),
            ],
            CancellationToken.None);
        await using (var connection = await db.Connections.OpenAsync(CancellationToken.None))
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM papers WHERE id = '2502.20388'";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        await db.Papers.UpsertAsync(NewPaper("2405.00002"), CancellationToken.None);

        await using var check = await db.Connections.OpenAsync(CancellationToken.None);
        using var command = check.CreateCommand();
        // For external-content tables, integrity-check compares the index with the content table's rows.
        command.CommandText = """
            INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1);
            INSERT INTO papers_title_fts (papers_title_fts, rank) VALUES ('integrity-check', 1);
            """;
        await command.ExecuteNonQueryAsync();
        var results = await db.Search.SearchAsync(new SearchRequest("lantern revised"), CancellationToken.None);
        Assert.Equal("2410.03355", Assert.Single(results.Hits).Paper.Id);
    }

    [Fact]
    public async Task UpsertManyAsync_BatchWithDuplicates_StoresEachPaperOnce()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);

        var summary = await db.Papers.UpsertManyAsync(
            [NewPaper("2405.00001"), NewPaper("2405.00002"), NewPaper("2405.00001v2", "Revised", 2), NewPaper("2405.00002")],
            CancellationToken.None);

        Assert.Equal(new UpsertSummary(2, 1, 1), summary);
        Assert.Equal(2, await db.Papers.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpsertManyAsync_Cancelled_StoresNothing()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        using var cts = new CancellationTokenSource();

        IEnumerable<Paper> Papers()
        {
            yield return NewPaper("2405.00001");
            cts.Cancel();
            yield return NewPaper("2405.00002");
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.Papers.UpsertManyAsync(Papers(), cts.Token));
        Assert.Equal(0, await db.Papers.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GetManyAsync_MixedIds_ReturnsFoundPapersInRequestedOrder()
    {
        await using var db = await DatabaseFixture.CreateAsync();

        var papers = await db.Papers.GetManyAsync(["2302.07863", "9999.99999", "https://arxiv.org/abs/2410.03355v1"], CancellationToken.None);

        Assert.Equal(["2302.07863", "2410.03355"], papers.Select(p => p.Id));
    }

    [Fact]
    public async Task GetNewestAsync_OrdersByPublishedThenFirstSeen()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(NewPaper("2405.00001") with { Published = new DateOnly(2024, 1, 1) }, CancellationToken.None);
        db.Time.Advance(TimeSpan.FromMinutes(1));
        await db.Papers.UpsertAsync(NewPaper("2405.00002") with { Published = new DateOnly(2024, 6, 1) }, CancellationToken.None);
        db.Time.Advance(TimeSpan.FromMinutes(1));
        await db.Papers.UpsertAsync(NewPaper("2405.00003") with { Published = new DateOnly(2024, 1, 1) }, CancellationToken.None);
        await db.Papers.UpsertAsync(NewPaper("2405.00004") with { Published = null }, CancellationToken.None);

        var newest = await db.Papers.GetNewestAsync(10, CancellationToken.None);

        Assert.Equal(["2405.00002", "2405.00003", "2405.00001", "2405.00004"], newest.Select(p => p.Id));
    }

    [Fact]
    public async Task GetFirstSeenSinceAsync_ReturnsOnlyPapersStoredFromThatTime()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        db.Time.Advance(TimeSpan.FromDays(1));
        var cutoff = db.Time.GetUtcNow();
        await db.Papers.UpsertAsync(NewPaper("2405.00001"), CancellationToken.None);

        var fresh = await db.Papers.GetFirstSeenSinceAsync(cutoff, CancellationToken.None);

        Assert.Equal(["2405.00001"], fresh.Select(p => p.Id));
    }

    [Fact]
    public async Task ExportAllAsync_SeededDatabase_StreamsEveryPaperOrderedById()
    {
        await using var db = await DatabaseFixture.CreateAsync();

        var ids = new List<string>();
        await foreach (var paper in db.Papers.ExportAllAsync(CancellationToken.None))
        {
            ids.Add(paper.Id);
        }

        Assert.Equal(56, ids.Count);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }

    [Fact]
    public async Task GetStatsAsync_SeededDatabase_CountsPapersAndSources()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        await db.Papers.UpsertAsync(NewPaper("2405.00001") with { Published = new DateOnly(2026, 1, 1) }, CancellationToken.None);

        var stats = await db.Papers.GetStatsAsync(CancellationToken.None);

        Assert.Equal(57, stats.PaperCount);
        Assert.Equal(56, stats.PapersPerSource["seed"]);
        Assert.Equal(1, stats.PapersPerSource["arxiv"]);
        Assert.Equal(new DateOnly(2026, 1, 1), stats.NewestPublished);
        Assert.Equal(DatabaseFixture.Start, stats.NewestFirstSeen);
        Assert.True(stats.DatabaseSizeBytes > 0);
    }
}
