using System.Diagnostics;
using PaperBot.Discord.Gateway;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Fleet;

/// <summary>
/// Two <c>paperbot run</c> processes with two shards each (0-1 and 2-3 of four) over one PostgreSQL and the fake
/// Discord: each guild's events reach only the process that owns its shard, and the state they share is one.
/// </summary>
public sealed class FleetE2ETests
{
    private const string Query = "speculative decoding";

    [PostgresFact]
    public async Task PaperSearch_GuildOnEachShard_AnsweredByTheProcessOwningItOnly()
    {
        var started = Stopwatch.StartNew();
        await using var fleet = await BotFleet.StartAsync();

        for (var shard = 0; shard < BotFleet.ShardCount; shard++)
        {
            var (guild, channel) = fleet.GuildOn(shard);
            Assert.Equal(shard, GatewayShardSet.ShardOf(guild, BotFleet.ShardCount));

            var interaction = await fleet.Discord.InjectSlashCommandAsync(
                "paper", BotHarness.Options("search", [("query", Query)]), guild, channel, BotHarness.DefaultUserId, BotHarness.ManagerPermissions);
            var answer = await fleet.FinalMessageAsync(interaction);

            Assert.Contains("2410.03355", answer.Content + answer.Embeds.ToJsonString(), StringComparison.Ordinal);
            var deliveries = fleet.Discord.DeliveredDispatches.Where(d => d.Type == "INTERACTION_CREATE" && d.DataId == $"{interaction.Id}").ToList();
            var delivery = Assert.Single(deliveries);
            Assert.Equal(shard, delivery.ShardId);
        }

        Assert.Empty(fleet.Discord.Rejections);
        Console.WriteLine($"fleet search test: {started.Elapsed.TotalSeconds:0.0} s");
    }

    [PostgresFact]
    public async Task LibraryList_SavedByReactionThroughShardOne_ListedByTheProcessOfShardThree()
    {
        var started = Stopwatch.StartNew();
        await using var fleet = await BotFleet.StartAsync();
        var (guild1, channel1) = fleet.GuildOn(1);
        var (guild3, channel3) = fleet.GuildOn(3);
        var card = await fleet.FinalMessageAsync(await fleet.Discord.InjectSlashCommandAsync(
            "paper", BotHarness.Options("show", [("id", "2410.03355")]), guild1, channel1, BotHarness.DefaultUserId, BotHarness.ManagerPermissions));

        // The card is remembered (posted_messages) just after it is answered; a user reacts seconds later.
        Assert.True(await WaitForPostedMessageAsync(fleet, card.ChannelId, card.Id, TimeSpan.FromSeconds(20)));
        await fleet.Discord.InjectReactionAddAsync(card.ChannelId, card.Id, BotHarness.DefaultUserId, "🔖", guildId: guild1);

        Assert.True(await fleet.Discord.WaitUntilAsync(
            () => fleet.Discord.DeliveredDispatches.Any(d => d.Type == "MESSAGE_REACTION_ADD" && d.GuildId == guild1),
            TimeSpan.FromSeconds(10)));
        Assert.Equal([1], fleet.Discord.DeliveredDispatches.Where(d => d.Type == "MESSAGE_REACTION_ADD").Select(d => d.ShardId));

        // The save is written by process 0 and read by process 1: wait for it, asking again as a user would.
        var listed = "";
        var deadline = Stopwatch.StartNew();
        while (!listed.Contains("2410.03355", StringComparison.Ordinal) && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            var list = await fleet.Discord.InjectSlashCommandAsync(
                "library", BotHarness.Options("list", []), guild3, channel3, BotHarness.DefaultUserId, BotHarness.ManagerPermissions);
            var answer = await fleet.FinalMessageAsync(list);
            listed = answer.Content + answer.Embeds.ToJsonString();
            Assert.Equal(3, Assert.Single(fleet.Discord.DeliveredDispatches, d => d.DataId == $"{list.Id}").ShardId);
        }

        Assert.Contains("2410.03355", listed, StringComparison.Ordinal);
        Assert.Empty(fleet.Discord.Rejections);
        Console.WriteLine($"fleet library test: {started.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<bool> WaitForPostedMessageAsync(BotFleet fleet, ulong channelId, ulong messageId, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        await using var connection = new Npgsql.NpgsqlConnection(fleet.Postgres.ConnectionString);
        await connection.OpenAsync();
        while (waited.Elapsed < timeout)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM posted_messages WHERE channel_id = @channel AND message_id = @message", connection);
            command.Parameters.AddWithValue("channel", unchecked((long)channelId));
            command.Parameters.AddWithValue("message", unchecked((long)messageId));
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
