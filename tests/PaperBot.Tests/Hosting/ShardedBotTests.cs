using Microsoft.Extensions.DependencyInjection;
using PaperBot.Discord.Gateway;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>One bot process running four shards over the fake Discord, which routes each guild's events to <c>(guild_id &gt;&gt; 22) % 4</c>.</summary>
public sealed class ShardedBotTests : IAsyncLifetime
{
    private const int ShardCount = 4;

    private BotHarness _bot = null!;

    public async Task InitializeAsync()
    {
        _bot = await BotHarness.StartAsync(
            new Dictionary<string, string?> { ["Discord:ShardCount"] = $"{ShardCount}" },
            fake: o => o.MaxConcurrency = ShardCount);
        Assert.True(await _bot.Discord.WaitUntilAsync(() => _bot.Discord.LiveShards.Count == ShardCount, TimeSpan.FromSeconds(20)), $"live shards: {string.Join(',', _bot.Discord.LiveShards)}");

        // The fake counts a shard live once READY is written to its socket; the bot has a session to resume only
        // once it has read that READY. A drop in between would lose the unread READY and make the shard identify.
        Assert.True(await _bot.Discord.WaitUntilAsync(() => Shards.Shards.All(s => s.IsConnected), TimeSpan.FromSeconds(20)), $"shards in session: {string.Join(',', Shards.Shards.Where(s => s.IsConnected).Select(s => s.ShardId))}");
    }

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    private GatewayShardSet Shards => _bot.Host.Services.GetRequiredService<GatewayShardSet>();

    [Fact]
    public async Task PaperSearch_GuildOnEachShard_AnsweredThroughThatShardOnly()
    {
        Assert.Equal([0, 1, 2, 3], _bot.Discord.LiveShards);
        Assert.Equal([0, 1, 2, 3], Shards.Shards.Select(s => s.ShardId));
        for (var shard = 0; shard < ShardCount; shard++)
        {
            var (guild, channel) = GuildOn(shard);
            var before = Delivered();

            var answer = await _bot.FinalMessageAsync(await _bot.Discord.InjectSlashCommandAsync(
                "paper", BotHarness.Options("search", [("query", "speculative decoding")]), guild, channel, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));
            await _bot.IdleAsync();

            Assert.Contains("2410.03355", answer.Content + answer.Embeds.ToJsonString(), StringComparison.Ordinal);
            var after = Delivered();
            Assert.Equal(
                Enumerable.Range(0, ShardCount).Select(s => s == shard),
                Enumerable.Range(0, ShardCount).Select(s => after[s] > before[s]));
        }

        _bot.AssertClean();
    }

    [Fact]
    public async Task LibraryList_SavedByReactionOnShardOne_ListedOnShardThree()
    {
        var (guild1, channel1) = GuildOn(1);
        var (guild3, channel3) = GuildOn(3);
        var card = await _bot.FinalMessageAsync(await _bot.Discord.InjectSlashCommandAsync(
            "paper", BotHarness.Options("show", [("id", "2410.03355")]), guild1, channel1, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));
        await _bot.IdleAsync();
        var shard1Before = Shards.Shards[1].Counters.DispatchesDelivered;

        await _bot.Discord.InjectReactionAddAsync(card.ChannelId, card.Id, BotHarness.DefaultUserId, "🔖");
        Assert.True(await _bot.Discord.WaitUntilAsync(() => Shards.Shards[1].Counters.DispatchesDelivered > shard1Before, TimeSpan.FromSeconds(5)));
        string listed = "";
        for (var attempt = 0; attempt < 50 && !listed.Contains("2410.03355", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(100);
            listed = (await _bot.FinalMessageAsync(await _bot.Discord.InjectSlashCommandAsync(
                "library", BotHarness.Options("list", []), guild3, channel3, BotHarness.DefaultUserId, BotHarness.ManagerPermissions))).Content;
        }

        Assert.Contains("2410.03355", listed, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task DropShardConnection_ShardTwo_OnlyItResumesAndItsGuildIsStillAnswered()
    {
        var (guild, channel) = GuildOn(2);

        Assert.Equal(1, _bot.Discord.DropShardConnection(2));
        Assert.True(
            await _bot.Discord.WaitUntilAsync(() => _bot.Discord.ResumeCount == 1 && _bot.Discord.LiveShards.Count == ShardCount, TimeSpan.FromSeconds(20)),
            $"resumes {_bot.Discord.ResumeCount} (refused {_bot.Discord.RefusedResumeCount}), identifies {_bot.Discord.IdentifyCount}, live shards: {string.Join(',', _bot.Discord.LiveShards)}");
        var answer = await _bot.FinalMessageAsync(await _bot.Discord.InjectSlashCommandAsync(
            "paperbot", BotHarness.Options("status", []), guild, channel, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        Assert.Equal([0L, 0L, 1L, 0L], Shards.Shards.Select(s => s.Counters.Resumes));
        Assert.Equal([1L, 1L, 2L, 1L], Shards.Shards.Select(s => s.Counters.Connects));
        Assert.Equal(ShardCount, _bot.Discord.IdentifyCount);
        Assert.Contains("shards 0-3 of 4: 4/4 ready", answer.Embeds.ToJsonString(), StringComparison.Ordinal);
        _bot.AssertClean();
    }

    private (ulong Guild, ulong Channel) GuildOn(int shard)
    {
        var guild = _bot.Discord.CreateGuildOnShard(shard, ShardCount, $"Shard {shard} lab");
        Assert.Equal(shard, GatewayShardSet.ShardOf(guild, ShardCount));
        return (guild, _bot.Discord.CreateChannel(guild));
    }

    private long[] Delivered() => [.. Shards.Shards.Select(s => s.Counters.DispatchesDelivered)];
}
