using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

/// <summary>The digest's topics run through the search: what arrived since an instant, matched as /paper search reads it.</summary>
public sealed class PaperSearchNewSinceTests
{
    private static Paper New(string id, string title, string category) => new()
    {
        Id = id,
        Title = title,
        Abstract = $"{title}: what we found.",
        Authors = ["Ada Lovelace"],
        Published = new DateOnly(2025, 3, 1),
        Categories = [category],
        Sources = ["arxiv"],
    };

    [Fact]
    public async Task MatchNewSinceAsync_SinceTheSeeding_FindsTheNewMatchesButNeverTheSamples()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        db.Time.Advance(TimeSpan.FromHours(1));
        await db.Papers.UpsertAsync(New("2503.00001", "Speculative decoding with small drafts", "cs.CL"), CancellationToken.None);
        await db.Papers.UpsertAsync(New("2503.00002", "Speculative decoding for vision transformers", "cs.CV"), CancellationToken.None);
        await db.Papers.UpsertAsync(New("2503.00003", "Protein folding at scale", "q-bio.BM"), CancellationToken.None);

        var found = await db.Search.MatchNewSinceAsync(Parse(db, "speculative decoding"), DatabaseFixture.Start, 50, CancellationToken.None);
        var notVision = await db.Search.MatchNewSinceAsync(Parse(db, "speculative -vision"), DatabaseFixture.Start, 50, CancellationToken.None);
        var later = await db.Search.MatchNewSinceAsync(Parse(db, "speculative decoding"), db.Time.GetUtcNow().AddSeconds(1), 50, CancellationToken.None);

        // The seeded samples include four speculative decoding papers, first seen at the start: not news.
        Assert.Equal(["2503.00001", "2503.00002"], found.Select(f => f.Paper.Id).Order());
        Assert.All(found, f => Assert.True(f.Score > 0));
        Assert.Equal("2503.00001", Assert.Single(notVision).Paper.Id);
        Assert.Empty(later);
    }

    [Fact]
    public async Task MatchNewSinceAsync_FiltersOnly_MatchesByFilterWithoutScore()
    {
        await using var db = await DatabaseFixture.CreateAsync();
        db.Time.Advance(TimeSpan.FromHours(1));
        await db.Papers.UpsertAsync(New("2503.00001", "Speculative decoding with small drafts", "cs.CL"), CancellationToken.None);
        await db.Papers.UpsertAsync(New("2503.00003", "Protein folding at scale", "q-bio.BM"), CancellationToken.None);

        var found = await db.Search.MatchNewSinceAsync(Parse(db, "cat:q-bio.BM"), DatabaseFixture.Start, 50, CancellationToken.None);

        var only = Assert.Single(found);
        Assert.Equal(("2503.00003", 0.0), (only.Paper.Id, only.Score));
    }

    private static SearchQuery Parse(DatabaseFixture db, string text) =>
        SearchQuery.Parse(text, db.Time).Query ?? throw new InvalidOperationException($"'{text}' does not parse");
}
