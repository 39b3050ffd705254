using Microsoft.Extensions.Options;
using PaperBot.Interactions;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Interactions;

/// <summary>The query a paging button carries: itself when it fits in a custom_id, else a handle kept in app_state.</summary>
public sealed class QueryTokensTests
{
    private const int Overhead = 12;

    [Fact]
    public async Task ShortQuery_TravelsItselfAndKeepsNothing()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var tokens = Tokens(db);

        var token = await tokens.TokenForAsync("speculative decoding", Overhead, CancellationToken.None);

        Assert.Equal("q:speculative decoding", token);
        Assert.Equal("speculative decoding", await tokens.ResolveAsync(token, CancellationToken.None));
    }

    [Fact]
    public async Task LongQuery_TravelsAsAHandleThatFitsAndReadsBack()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var tokens = Tokens(db);
        var query = string.Join(' ', Enumerable.Repeat("how can a small draft model speed up decoding", 3));

        var token = await tokens.TokenForAsync(query, Overhead, CancellationToken.None);

        Assert.StartsWith("h:", token, StringComparison.Ordinal);
        Assert.True(Overhead + token.Length <= 100);
        Assert.Equal(query, await tokens.ResolveAsync(token, CancellationToken.None));
        Assert.Equal(token, await tokens.TokenForAsync(query, Overhead, CancellationToken.None));
        Assert.Null(await tokens.ResolveAsync("h:0123456789abcdef", CancellationToken.None));
        Assert.Null(await tokens.ResolveAsync("x:" + query, CancellationToken.None));
    }

    [Fact]
    public async Task Handle_ExpiresAfterItsLifetimeAndIsDeleted()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var tokens = Tokens(db);
        var query = new string('x', 120);
        var token = await tokens.TokenForAsync(query, Overhead, CancellationToken.None);
        db.Time.Advance(new CommandOptions().SearchHandleLifetime - TimeSpan.FromMinutes(1));
        Assert.Equal(query, await tokens.ResolveAsync(token, CancellationToken.None));

        db.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(await tokens.ResolveAsync(token, CancellationToken.None));
        Assert.Null(await db.AppState.GetAsync("search_handle." + token[2..], CancellationToken.None));
    }

    private static QueryTokens Tokens(DatabaseFixture db) => new(db.AppState, db.Time, Options.Create(new CommandOptions()));
}
