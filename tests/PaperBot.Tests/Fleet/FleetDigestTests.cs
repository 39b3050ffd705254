using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PaperBot.Digest;
using PaperBot.FakeDiscord;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.Digest;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Fleet;

/// <summary>
/// 200 channels over the four shards, all due at once when two <c>paperbot run</c> processes start over one
/// PostgreSQL: each batch is claimed with a lease, so every paper reaches every channel once, even when one
/// process is killed mid-batch and the other finishes its batches after their lease.
/// </summary>
public sealed class FleetDigestTests
{
    private const int GuildsPerShard = 5;
    private const int ChannelsPerGuild = 10;
    private const int ChannelCount = BotFleet.ShardCount * GuildsPerShard * ChannelsPerGuild;

    private static readonly string[] FreshIds = ["2611.00001", "2611.00002", "2611.00003"];

    [PostgresFact]
    public async Task Digest_TwoHundredChannelsDueAtOnce_EachPaperPostedOncePerChannelAcrossTheFleet()
    {
        var started = Stopwatch.StartNew();
        var channels = new List<ulong>();
        await using var fleet = await BotFleet.StartAsync(
            settings: new Dictionary<string, string> { ["Digest:BatchLease"] = "00:00:05", ["Digest:RetryDelay"] = "00:00:01" },
            seed: (services, discord) => SubscribeAsync(services, discord, channels));

        Assert.True(await WaitForCompletedAsync(fleet, ChannelCount, TimeSpan.FromSeconds(60)), $"batches not all complete\n{fleet.Log}");

        await AssertOnceEachAsync(fleet, channels);
        var owners = await ClaimOwnersAsync(fleet);
        Console.WriteLine($"fleet digest: {ChannelCount} channels complete in {started.Elapsed.TotalSeconds:0.0} s; batches per claimant: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        Assert.Empty(fleet.Discord.Rejections);
    }

    [PostgresFact]
    public async Task Digest_OneProcessKilledMidBatch_OtherFinishesAfterTheLeaseAndEachPaperIsPostedOnce()
    {
        var started = Stopwatch.StartNew();
        var channels = new List<ulong>();

        // 20 requests/s per process: the 800 digest messages take long enough to kill a process in the middle.
        await using var fleet = await BotFleet.StartAsync(
            settings: new Dictionary<string, string>
            {
                ["Digest:BatchLease"] = "00:00:05",
                ["Digest:RetryDelay"] = "00:00:01",
                ["Discord:GlobalRequestsPerSecond"] = "20",
            },
            seed: (services, discord) => SubscribeAsync(services, discord, channels));
        var victim = BotFleet.InstanceName(0);
        Assert.True(await fleet.Discord.WaitUntilAsync(
            () => fleet.Discord.AllMessages.Count(m => m.AuthorIsBot) >= 40 && OpenClaimedBy(fleet, victim) > 0,
            TimeSpan.FromSeconds(30)), $"process 0 never held an open batch\n{fleet.Log}");

        await fleet.KillAsync(0);
        var killedAt = started.Elapsed;
        var heldByVictim = OpenClaimedBy(fleet, victim);

        Assert.True(await WaitForCompletedAsync(fleet, ChannelCount, TimeSpan.FromSeconds(90)), $"batches not all complete after the kill\n{fleet.Log}");

        await AssertOnceEachAsync(fleet, channels);
        var owners = await ClaimOwnersAsync(fleet);
        Assert.True(heldByVictim > 0, "the kill came after process 0 had finished its batches");
        Console.WriteLine($"fleet digest kill: process 0 killed at {killedAt.TotalSeconds:0.0} s holding {heldByVictim} open batches; all {ChannelCount} complete at {started.Elapsed.TotalSeconds:0.0} s; final claimants: {string.Join(", ", owners.Select(o => $"{o.Key}={o.Value}"))}; load {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    /// <summary>200 channels, 50 on each shard, subscribed to a daily 00:00 UTC digest two days ago: all due now.</summary>
    private static async Task SubscribeAsync(IServiceProvider services, FakeDiscordServer discord, List<ulong> channels)
    {
        await services.GetRequiredService<PaperStore>().UpsertManyAsync(
            [
                DigestE2E.Paper(FreshIds[0], "Speculative decoding with draft trees", "cs.CL", 90),
                DigestE2E.Paper(FreshIds[1], "Speculative decoding for image generation", "cs.CV", 80),
                DigestE2E.Paper(FreshIds[2], "A survey of speculative decoding", "cs.CL", 70),
            ],
            CancellationToken.None);
        var store = new DigestSubscriptionStore(services.GetRequiredService<StateDatabase>());
        var created = TimeProvider.System.GetUtcNow().AddDays(-2);
        for (var shard = 0; shard < BotFleet.ShardCount; shard++)
        {
            for (var g = 0; g < GuildsPerShard; g++)
            {
                var guild = discord.CreateGuildOnShard(shard, BotFleet.ShardCount, $"Shard {shard} lab {g}");
                for (var c = 0; c < ChannelsPerGuild; c++)
                {
                    var channel = discord.CreateChannel(guild, $"papers-{c}");
                    channels.Add(channel);
                    await store.UpsertAsync(
                        new DigestSubscription
                        {
                            ChannelId = channel,
                            GuildId = guild,
                            Topics = "speculative decoding",
                            Time = new TimeOnly(0, 0),
                            TimeZoneId = "UTC",
                            Max = 3,
                            Days = DigestDays.Daily,
                            CreatedAt = created,
                        },
                        CancellationToken.None);
                }
            }
        }
    }

    /// <summary>Every channel got each fresh paper exactly once, and no paper message twice (one nonce, one message).</summary>
    private static async Task AssertOnceEachAsync(BotFleet fleet, List<ulong> channels)
    {
        Assert.Equal(ChannelCount, channels.Count);
        foreach (var channel in channels)
        {
            var ids = DigestE2E.PaperIds(DigestE2E.ChannelPosts(fleet.Discord, channel));
            if (!ids.Order().SequenceEqual(FreshIds))
            {
                Assert.Fail($"channel {channel}: {string.Join(", ", ids)}\n{await DescribeChannelAsync(fleet, channel)}\n{fleet.Log}");
            }
        }
    }

    /// <summary>What the fleet recorded for a channel and what the fake Discord holds there, for a failure message.</summary>
    private static async Task<string> DescribeChannelAsync(BotFleet fleet, ulong channel)
    {
        var lines = new List<string>();
        await using var connection = new NpgsqlConnection(fleet.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand(
            "SELECT 'batch ' || batch_id || ' ' || kind || ' ' || local_date || ' planned ' || planned_at || ' completed ' || coalesce(completed_at, '-') || ' by ' || coalesce(claimed_by, '-') FROM digest_batches WHERE channel_id = @c "
            + "UNION ALL SELECT 'entry ' || batch_id || '.' || position || ' ' || coalesce(paper_id, 'header') || ' message ' || coalesce(message_id::text, '-') FROM digest_ledger WHERE channel_id = @c",
            connection))
        {
            command.Parameters.AddWithValue("c", (long)channel);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        lines.AddRange(fleet.Discord.GetMessages(channel).Select(m => $"message {m.Id} bot={m.AuthorIsBot} interaction={m.InteractionId} embeds={m.Embeds.Count} {(m.Embeds.Count > 0 ? m.Embeds[0]?["url"] : m.Content)}"));
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Until every channel has a completed batch and no batch is open. Counting completed batches is not enough: a
    /// posting time passing during the run (midnight UTC for these subscriptions) gives each channel a second,
    /// empty batch that completes at once, while the first may still be posting.
    /// </summary>
    private static async Task<bool> WaitForCompletedAsync(BotFleet fleet, int channels, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await ScalarAsync(fleet, "SELECT count(DISTINCT channel_id) FROM digest_batches WHERE completed_at IS NOT NULL") >= channels
                && await ScalarAsync(fleet, "SELECT count(*) FROM digest_batches WHERE completed_at IS NULL") == 0)
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    private static long OpenClaimedBy(BotFleet fleet, string owner) =>
        ScalarAsync(fleet, $"SELECT count(*) FROM digest_batches WHERE completed_at IS NULL AND claimed_by = '{owner}'").GetAwaiter().GetResult();

    private static async Task<long> ScalarAsync(BotFleet fleet, string sql)
    {
        await using var connection = new NpgsqlConnection(fleet.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<string, long>> ClaimOwnersAsync(BotFleet fleet)
    {
        await using var connection = new NpgsqlConnection(fleet.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(claimed_by, '(none)'), count(*) FROM digest_batches GROUP BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var owners = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            owners[reader.GetString(0)] = reader.GetInt64(1);
        }

        return owners;
    }
}
