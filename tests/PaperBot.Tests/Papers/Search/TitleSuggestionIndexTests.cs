using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// The title autocomplete index with its one- and two-letter prefix terms (migration 0005): what a user has
/// typed after one or two keystrokes, and a database created before the index changed.
/// </summary>
public sealed class TitleSuggestionIndexTests
{
    private static readonly string[] SpeculativeDecoding = ["2411.11925", "2410.03355", "2410.01699", "2302.07863"];

    [Theory]
    [InlineData("speculative d")]
    [InlineData("speculative de")]
    [InlineData("SPECULATIVE DÉ")]
    public async Task SuggestTitlesAsync_OneOrTwoLetterLastWord_MatchesTitleWordPrefixes(string typed)
    {
        await using var db = await DatabaseFixture.CreateAsync();

        var suggestions = await db.Search.SuggestTitlesAsync(typed, 25, CancellationToken.None);

        Assert.Equal(SpeculativeDecoding.Order(), suggestions.Select(s => s.PaperId).Order());
    }

    [Theory]
    [InlineData("2410.0")]
    [InlineData("arXiv:2410.0")]
    [InlineData(" 2410.0 ")]
    public async Task SuggestTitlesAsync_PartialArxivId_OffersThePapersWhoseIdStartsSo(string typed)
    {
        await using var db = await DatabaseFixture.CreateAsync();

        var suggestions = await db.Search.SuggestTitlesAsync(typed, 25, CancellationToken.None);

        Assert.Contains(suggestions, s => s.PaperId == "2410.03355");
        Assert.Contains(suggestions, s => s.PaperId == "2410.01699");
        Assert.All(suggestions, s => Assert.StartsWith("2410.0", s.PaperId, StringComparison.Ordinal));
        Assert.Equal(suggestions.Select(s => s.PaperId).OrderDescending(StringComparer.Ordinal), suggestions.Select(s => s.PaperId));
    }

    [Fact]
    public async Task SuggestTitlesAsync_OneLetter_OnlyTitlesWithAWordStartingWithIt()
    {
        await using var db = await DatabaseFixture.CreateAsync();

        var suggestions = await db.Search.SuggestTitlesAsync("q", 25, CancellationToken.None);

        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Contains(
            PaperBot.Papers.Search.PaperSearch.Words(s.Title), w => w.StartsWith('q')));
    }

    [Theory]
    [InlineData("quokkamorphic lat")] // a word past the longest prefix index: read over the whole range after the first window
    [InlineData("quokk lat")] // prefix-indexed words: the window widens x8
    public async Task SuggestTitlesAsync_MatchesOnlyAmongTheOldestTitles_FoundPastTheNewestWindows(string typed)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var old = Enumerable.Range(1, 30).Select(i => new Paper { Id = $"2301.{i:D5}", Title = $"Quokkamorphic lattices, part {i}" });
        var newer = Enumerable.Range(1, 2_500).Select(i => new Paper { Id = $"2402.{i:D5}", Title = $"Spectral graph networks, part {i}" });
        await db.Papers.UpsertManyAsync(old, CancellationToken.None);
        await db.Papers.UpsertManyAsync(newer, CancellationToken.None);

        var suggestions = await db.Search.SuggestTitlesAsync(typed, 25, CancellationToken.None);

        // The 25 newest of the 30 old matches, newest first.
        Assert.Equal(Enumerable.Range(6, 25).Reverse().Select(i => $"2301.{i:D5}"), suggestions.Select(s => s.PaperId));
    }

    [Theory]
    [InlineData(100, "Quokkalike lattices")] // candidates by the word's first six letters, checked in C#
    [InlineData(1_100, "Quokkalike lattices")] // more candidates than are kept, too few matches among them: the index answers
    [InlineData(10, "Quokkamørphic lattices")] // a title C# cannot fold as the index does: the index answers
    public async Task SuggestTitlesAsync_LongWordWhoseFirstLettersNewerTitlesShare_OnlyTitlesWithTheWholeWord(int lookalikes, string lookalike)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var old = Enumerable.Range(1, 30).Select(i => new Paper { Id = $"2301.{i:D5}", Title = $"Quokkamorphic lattices, part {i}" });
        var similar = Enumerable.Range(1, lookalikes).Select(i => new Paper { Id = $"2302.{i:D5}", Title = $"{lookalike}, part {i}" });
        var newer = Enumerable.Range(1, 2_500).Select(i => new Paper { Id = $"2402.{i:D5}", Title = $"Spectral graph networks, part {i}" });
        await db.Papers.UpsertManyAsync(old, CancellationToken.None);
        await db.Papers.UpsertManyAsync(similar, CancellationToken.None);
        await db.Papers.UpsertManyAsync(newer, CancellationToken.None);

        var suggestions = await db.Search.SuggestTitlesAsync("quokkamorp lat", 25, CancellationToken.None);

        Assert.Equal(Enumerable.Range(6, 25).Reverse().Select(i => $"2301.{i:D5}"), suggestions.Select(s => s.PaperId));
        var fewer = await db.Search.SuggestTitlesAsync("quokkamorphic lattices", 5, CancellationToken.None);
        Assert.Equal(Enumerable.Range(26, 5).Reverse().Select(i => $"2301.{i:D5}"), fewer.Select(s => s.PaperId));
    }

    [Fact]
    public async Task SuggestTitlesAsync_LongWordWhoseFirstLettersEveryOtherNewerTitleShares_FoundAmongTheOldest()
    {
        // Half of the newest titles share "quokka": the first window holds 512 candidates and no match, so the whole
        // range would hold more candidates than are kept and the longest word is looked up whole at once.
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var old = Enumerable.Range(1, 30).Select(i => new Paper { Id = $"2301.{i:D5}", Title = $"Quokkamorphic lattices, part {i}" });
        var newer = Enumerable.Range(1, 5_000).Select(i => new Paper
        {
            Id = $"2402.{i:D5}",
            Title = i % 2 == 0 ? $"Quokkalike lattices, part {i}" : $"Spectral graph networks, part {i}",
        });
        await db.Papers.UpsertManyAsync(old, CancellationToken.None);
        await db.Papers.UpsertManyAsync(newer, CancellationToken.None);

        var suggestions = await db.Search.SuggestTitlesAsync("quokkamorphic la", 25, CancellationToken.None);

        Assert.Equal(Enumerable.Range(6, 25).Reverse().Select(i => $"2301.{i:D5}"), suggestions.Select(s => s.PaperId));
    }

    [Fact]
    public async Task SuggestTitlesAsync_TwoLongWordsWhoseFirstLettersManyNewerTitlesShare_OnlyTitlesWithBothWholeWords()
    {
        // More newer titles share "quokka" than are checked, so the longest word is looked up whole, the other by its
        // first six letters ("lattic"), which "latticework" shares too: C# keeps only the titles with "lattices".
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var old = Enumerable.Range(1, 30).Select(i => new Paper { Id = $"2301.{i:D5}", Title = $"Quokkamorphic lattices, part {i}" });
        var latticework = Enumerable.Range(1, 10).Select(i => new Paper { Id = $"2302.{i:D5}", Title = $"Quokkamorphic latticework, part {i}" });
        var similar = Enumerable.Range(1, 1_100).Select(i => new Paper { Id = $"2303.{i:D5}", Title = $"Quokkalike lattices, part {i}" });
        await db.Papers.UpsertManyAsync(old, CancellationToken.None);
        await db.Papers.UpsertManyAsync(latticework, CancellationToken.None);
        await db.Papers.UpsertManyAsync(similar, CancellationToken.None);

        var suggestions = await db.Search.SuggestTitlesAsync("quokkamorphic lattices", 25, CancellationToken.None);
        var work = await db.Search.SuggestTitlesAsync("quokkamorphic latticew", 25, CancellationToken.None);

        Assert.Equal(Enumerable.Range(6, 25).Reverse().Select(i => $"2301.{i:D5}"), suggestions.Select(s => s.PaperId));
        Assert.Equal(Enumerable.Range(1, 10).Reverse().Select(i => $"2302.{i:D5}"), work.Select(s => s.PaperId));
    }

    [Fact]
    public async Task SuggestTitlesAsync_PaperRetitledAndDeleted_IndexFollows()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        await db.Papers.UpsertAsync(new Paper { Id = "2405.00001", Title = "Zyxomorphic lattices" }, CancellationToken.None);
        await db.Papers.UpsertAsync(new Paper { Id = "2405.00001", Version = 2, Title = "Quokkamorphic lattices" }, CancellationToken.None);

        Assert.Empty(await db.Search.SuggestTitlesAsync("zy", 25, CancellationToken.None));
        Assert.Equal(["2405.00001"], (await db.Search.SuggestTitlesAsync("lattices quo", 25, CancellationToken.None)).Select(s => s.PaperId));

        await ExecuteAsync(db.Connections, "DELETE FROM papers WHERE id = '2405.00001'");

        Assert.Empty(await db.Search.SuggestTitlesAsync("quokkam", 25, CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromBeforeThePrefixIndex_SuggestsItsExistingTitles()
    {
        await using var db = DatabaseFixture.CreateEmpty();
        var before = MigrationScript.LoadEmbedded().Where(s => s.Number <= 4).ToArray();
        Assert.Equal(4, before.Length);
        await ExecuteAsync(db.Connections, string.Join('\n', before.Select(s => s.Sql)) + "\nPRAGMA user_version = 4;");
        // Stored as a version-4 store stored it (today's writer also fills tables a version-4 store lacks).
        await ExecuteAsync(db.Connections, """
            INSERT INTO papers (seq, id, title, first_seen, changed_at)
            VALUES (1, '2405.00002', 'Hyperbolic quokka embeddings', '2024-05-01T00:00:00Z', '2024-05-01T00:00:00Z');
            INSERT INTO papers_fts (rowid, title, authors, abstract, ai_keywords) VALUES (1, 'Hyperbolic quokka embeddings', '[]', '', '[]');
            INSERT INTO papers_title_fts (rowid, title) VALUES (1, 'Hyperbolic quokka embeddings');
            """);

        var result = await db.Migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(4L, result.PreviousVersion);
        Assert.Equal(["2405.00002"], (await db.Search.SuggestTitlesAsync("hyperbolic q", 25, CancellationToken.None)).Select(s => s.PaperId));
        Assert.Equal(["2405.00002"], (await db.Search.SuggestTitlesAsync("quokka", 25, CancellationToken.None)).Select(s => s.PaperId));
    }

    private static async Task ExecuteAsync(SqliteConnectionFactory connections, string sql)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
