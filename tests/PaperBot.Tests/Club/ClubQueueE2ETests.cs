using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>/club add, list and remove through the fake Discord: a per-channel reading queue.</summary>
public sealed class ClubQueueE2ETests : ClubCommandTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Add_UnknownPaper_EphemeralErrorAndQueueUnchanged(StorageProvider provider)
    {
        await StartAsync(provider);
        var reply = await ClubE2E.RunAsync(Bot, "add", ("id", "2999.99999"));

        Assert.True(reply.Ephemeral);
        Assert.Contains("No paper", reply.Content, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync(Bot.ChannelId, CancellationToken.None));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Add_SamePaperTwice_SecondSaysAlreadyQueued(StorageProvider provider)
    {
        await StartAsync(provider);
        var first = await ClubE2E.RunAsync(Bot, "add", ("id", "2302.07863"), ("note", "read section 3"));
        var second = await ClubE2E.RunAsync(Bot, "add", ("id", "arXiv:2302.07863v2"));

        Assert.False(first.Ephemeral);
        Assert.Contains("Added", first.Content, StringComparison.Ordinal);
        Assert.True(second.Ephemeral);
        Assert.Contains("already queued", second.Content, StringComparison.Ordinal);
        var entry = Assert.Single(await Store().ListAsync(Bot.ChannelId, CancellationToken.None));
        Assert.Equal("read section 3", entry.Note);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task List_TwoQueued_ShowsBothInOrderAdded(StorageProvider provider)
    {
        await StartAsync(provider);
        await ClubE2E.RunAsync(Bot, "add", ("id", "2302.07863"));
        await ClubE2E.RunAsync(Bot, "add", ("id", "2410.02705"), ("note", "the follow-up"));

        var list = await ClubE2E.RunAsync(Bot, "list");

        Assert.True(list.Ephemeral);
        var first = list.Content.IndexOf("(2302.07863)", StringComparison.Ordinal);
        var second = list.Content.IndexOf("(2410.02705)", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, list.Content);
        Assert.Contains("the follow-up", list.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Remove_QueuedPaper_LeavesTheQueue(StorageProvider provider)
    {
        await StartAsync(provider);
        await ClubE2E.RunAsync(Bot, "add", ("id", "2302.07863"));

        var removed = await ClubE2E.RunAsync(Bot, "remove", ("id", "2302.07863"));
        var again = await ClubE2E.RunAsync(Bot, "remove", ("id", "2302.07863"));

        Assert.Contains("Removed", removed.Content, StringComparison.Ordinal);
        Assert.True(again.Ephemeral);
        Assert.Contains("not in this channel's reading queue", again.Content, StringComparison.Ordinal);
        Assert.Empty(await Store().ListAsync(Bot.ChannelId, CancellationToken.None));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Remove_SomeoneElsesPaperWithoutManageChannels_RefusedAndKept(StorageProvider provider)
    {
        await StartAsync(provider);
        await ClubE2E.RunAsync(Bot, "add", ("id", "2302.07863"));

        var reply = await Bot.FinalMessageAsync(await Bot.SlashAsync("club", "remove", 4_242_000_000_000_099, "3072", ("id", "2302.07863")));
        await Bot.IdleAsync();

        Assert.True(reply.Ephemeral);
        Assert.Contains("Manage Channels", reply.Content, StringComparison.Ordinal);
        Assert.Single(await Store().ListAsync(Bot.ChannelId, CancellationToken.None));
    }
}
