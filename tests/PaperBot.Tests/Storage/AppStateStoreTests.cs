using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Storage;

public sealed class AppStateStoreTests
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task GetAsync_UnknownKey_ReturnsNull(StorageProvider provider)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false, provider: provider);

        Assert.Null(await db.AppState.GetAsync("commands.hash", CancellationToken.None));
        Assert.Null(await db.AppState.GetEntryAsync("commands.hash", CancellationToken.None));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SetAsync_TwiceSameKey_KeepsLatestValueAndTime(StorageProvider provider)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false, provider: provider);
        await db.AppState.SetAsync("ingest.last", "a", CancellationToken.None);
        db.Time.Advance(TimeSpan.FromMinutes(5));

        await db.AppState.SetAsync("ingest.last", "b", CancellationToken.None);
        var entry = await db.AppState.GetEntryAsync("ingest.last", CancellationToken.None);

        Assert.Equal("b", await db.AppState.GetAsync("ingest.last", CancellationToken.None));
        Assert.Equal(DatabaseFixture.Start.AddMinutes(5), entry!.UpdatedAt);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task DeleteAsync_ExistingKey_RemovesIt(StorageProvider provider)
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false, provider: provider);
        await db.AppState.SetAsync("k", "v", CancellationToken.None);

        Assert.True(await db.AppState.DeleteAsync("k", CancellationToken.None));
        Assert.Null(await db.AppState.GetAsync("k", CancellationToken.None));
        Assert.False(await db.AppState.DeleteAsync("k", CancellationToken.None));
    }
}
