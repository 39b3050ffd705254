using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Fleet;

/// <summary>
/// Two processes configured with overlapping shard ranges (0-2 and 1-3: a misconfiguration): both receive every
/// event of shards 1 and 2. Nothing may be lost or doubled for it.
/// </summary>
public sealed class FleetOverlapTests
{
    [PostgresFact]
    public async Task ReactionSave_BothProcessesReceiveIt_SavedOnce()
    {
        await using var fleet = await BotFleet.StartAsync(ranges: ["0-2", "1-3"]);
        var (guild, channel) = fleet.GuildOn(1);
        var ids = SampleData.Load().Select(p => p.Id).Take(8).ToArray();
        var cards = new List<PaperBot.FakeDiscord.FakeMessage>();
        foreach (var id in ids)
        {
            cards.Add(await fleet.FinalMessageAsync(await fleet.Discord.InjectSlashCommandAsync(
                "paper", BotHarness.Options("show", [("id", id)]), guild, channel, BotHarness.DefaultUserId, BotHarness.ManagerPermissions)));
        }

        Assert.True(await FleetDatabase.WaitForCountAsync(fleet, "SELECT count(*) FROM posted_messages", ids.Length, TimeSpan.FromSeconds(20)), fleet.Log);
        for (var i = 0; i < cards.Count; i++)
        {
            await fleet.Discord.InjectReactionAddAsync(cards[i].ChannelId, cards[i].Id, BotHarness.DefaultUserId + (ulong)i, "🔖", guildId: guild);
        }

        // Both processes handle the reactions (a session reconnecting under load may get one by RESUME instead, which
        // the fake does not list): each save lands once, and the second handler finds it made.
        await fleet.Discord.WaitUntilAsync(
            () => fleet.Discord.DeliveredDispatches.Count(d => d.Type == "MESSAGE_REACTION_ADD") >= 2 * ids.Length, TimeSpan.FromSeconds(20));
        Assert.Equal(2, fleet.Discord.DeliveredDispatches.Where(d => d.Type == "MESSAGE_REACTION_ADD").Select(d => d.SessionId).Distinct().Count());
        await FleetDatabase.WaitForCountAsync(fleet, "SELECT count(*) FROM saved_papers", ids.Length, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(ids.Length, await FleetDatabase.CountAsync(fleet, "SELECT count(*) FROM saved_papers"));
        Assert.Equal(ids.Length, await FleetDatabase.CountAsync(fleet, "SELECT count(*) FROM library_reaction_saves"));
        Assert.Equal(ids.Length, await FleetDatabase.CountAsync(fleet, "SELECT count(DISTINCT (user_id, paper_id)) FROM saved_papers"));
    }
}
