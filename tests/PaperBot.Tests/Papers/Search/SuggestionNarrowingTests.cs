using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// Autocomplete as Discord asks for it, one request per keystroke: a keystroke narrows the answer kept for the
/// one before instead of reading the title index again, and gives what a fresh read gives.
/// </summary>
public sealed class SuggestionNarrowingTests
{
    private static readonly string[] Vocabulary =
        ["attention", "attentive", "attend", "atlas", "network", "nets", "neural", "quantum", "quokka", "sparse", "spectral", "graph"];

    [Theory]
    [InlineData("attention net")]
    [InlineData("neural atte")]
    [InlineData("sparse spectral graph")]
    public async Task SuggestTitlesAsync_TypedKeystrokeByKeystroke_SameAsAFreshRead(string text)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await StoreTitlesAsync(db, 700);

        for (var n = 1; n <= text.Length; n++)
        {
            var typed = text[..n];
            var narrowed = await db.Search.SuggestTitlesAsync(typed, 25, CancellationToken.None);
            var fresh = await FreshSearch(db).SuggestTitlesAsync(typed, 25, CancellationToken.None);

            Assert.Equal(fresh.Select(s => s.PaperId), narrowed.Select(s => s.PaperId));
        }
    }

    [Fact]
    public async Task SuggestTitlesAsync_PaperStoredBetweenKeystrokes_AppearsAtTheNextKeystroke()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await StoreTitlesAsync(db, 40);
        Assert.DoesNotContain(await db.Search.SuggestTitlesAsync("quok", 25, CancellationToken.None), s => s.PaperId == "2412.99999");

        await db.Papers.UpsertAsync(new Paper { Id = "2412.99999", Title = "Quokkas are the newest paper" }, CancellationToken.None);
        var suggestions = await db.Search.SuggestTitlesAsync("quokk", 25, CancellationToken.None);

        Assert.Equal("2412.99999", suggestions[0].PaperId);
    }

    [Fact]
    public async Task SuggestTitlesAsync_PaperRetitledBetweenKeystrokes_AppearsOnceTheKeptAnswerIsOld()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await StoreTitlesAsync(db, 40);
        await db.Papers.UpsertAsync(new Paper { Id = "2412.99998", Title = "Wallabies" }, CancellationToken.None);
        await db.Papers.UpsertAsync(new Paper { Id = "2412.99999", Title = "The newest paper" }, CancellationToken.None);
        Assert.DoesNotContain(await db.Search.SuggestTitlesAsync("quok", 25, CancellationToken.None), s => s.PaperId == "2412.99998");

        await db.Papers.UpsertAsync(new Paper { Id = "2412.99998", Version = 2, Title = "Quokkas, retitled" }, CancellationToken.None);
        db.Time.Advance(TimeSpan.FromSeconds(6));
        var suggestions = await db.Search.SuggestTitlesAsync("quokk", 25, CancellationToken.None);

        Assert.Contains(suggestions, s => s.PaperId == "2412.99998");
    }

    [Fact]
    public async Task SuggestTitlesAsync_TitleWithDiacritics_NarrowedAsTheIndexFoldsIt()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertAsync(new Paper { Id = "2412.00001", Title = "Schrödinger bridges" }, CancellationToken.None);
        await db.Papers.UpsertAsync(new Paper { Id = "2412.00002", Title = "Schwarz spaces" }, CancellationToken.None);
        Assert.Equal(2, (await db.Search.SuggestTitlesAsync("sch", 25, CancellationToken.None)).Count);

        var suggestions = await db.Search.SuggestTitlesAsync("schro", 25, CancellationToken.None);

        Assert.Equal(["2412.00001"], suggestions.Select(s => s.PaperId));
    }

    private static PaperSearch FreshSearch(DatabaseFixture db) =>
        new(db.Connections, db.Time, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);

    private static async Task StoreTitlesAsync(DatabaseFixture db, int count)
    {
        var random = new Random(17);
        var papers = Enumerable.Range(0, count).Select(i => new Paper
        {
            Id = $"2401.{i:D5}",
            Title = string.Join(' ', Enumerable.Range(0, 4).Select(_ => Vocabulary[random.Next(Vocabulary.Length)])),
        });
        await db.Papers.UpsertManyAsync(papers, CancellationToken.None);
    }
}
