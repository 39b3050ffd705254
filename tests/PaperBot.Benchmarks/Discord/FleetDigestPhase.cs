using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Benchmarks.Harness;
using PaperBot.Digest;
using PaperBot.FakeDiscord;
using PaperBot.Papers;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// The fleet's digest: N channels spread over the guilds of every shard subscribe at once (written to the shared
/// database while both processes run), all due now; both processes claim batches from the shared table (lease) and
/// post through their own 25 requests/s, the fleet's 50. Measures completion against the rate-limit bound, 429s
/// and duplicates (the fake keeps every message).
/// </summary>
internal static class FleetDigestPhase
{
    /// <summary>
    /// The papers the digest posts, first seen now: written before the processes start, so every read model has
    /// them when the subscriptions come (the sample papers are older than a new subscription's first batch looks).
    /// </summary>
    public static Task SeedPapersAsync(IServiceProvider shared, int count, CancellationToken ct) =>
        shared.GetRequiredService<PaperStore>().UpsertManyAsync(
            [.. Enumerable.Range(0, count).Select(i => new Paper
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"2612.{90000 + i:D5}"),
                Title = $"Fleet digest paper {i} on sharded gateways",
                Abstract = "We measure how fast a fleet's digest reaches ten thousand channels.",
                Authors = ["Ada Lovelace", "Alan Turing"],
                Published = new DateOnly(2026, 12, 2),
                Categories = ["cs.DC"],
                Upvotes = 1_000 - i,
                Sources = ["huggingface"],
            })],
            ct);

    public static async Task RunAsync(
        IServiceProvider shared, FleetPostgres postgres, FakeDiscordServer server, IReadOnlyList<ulong> guilds,
        int channelCount, int papers, FakeDiscordOptions limits, Table table, CancellationToken ct)
    {
        var channels = new List<(ulong Guild, ulong Channel)>(channelCount);
        for (var i = 0; i < channelCount; i++)
        {
            var guild = guilds[i % guilds.Count];
            channels.Add((guild, server.CreateChannel(guild, $"digest-{i}")));
        }

        var before429 = (All: server.TooManyRequestsSent, Global: server.GlobalTooManyRequestsSent);
        var requestsBefore = server.Requests.Count;

        // Subscribed two days ago to a daily 00:00 UTC digest: due now, as after a restart or the day's first run.
        var store = new DigestSubscriptionStore(shared.GetRequiredService<StateDatabase>());
        var created = TimeProvider.System.GetUtcNow().AddDays(-2);
        var subscribe = Stopwatch.StartNew();
        await Parallel.ForEachAsync(channels, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (c, token) =>
            await store.UpsertAsync(
                new DigestSubscription
                {
                    ChannelId = c.Channel,
                    GuildId = c.Guild,
                    Time = new TimeOnly(0, 0),
                    TimeZoneId = "UTC",
                    Max = papers,
                    Days = DigestDays.Daily,
                    CreatedAt = created,
                },
                token));
        subscribe.Stop();

        var started = Stopwatch.StartNew();
        var requestsNeeded = (long)channelCount * (1 + (2 * papers));
        var globalBound = Math.Max(0, Math.Ceiling(requestsNeeded / (double)limits.GlobalRequestsPerSecond) - 1);

        // Per channel: 1 + P messages through its own 5-per-5 s bucket; the reactions' route bucket is per channel too.
        var channelBound = Math.Max(
            (Math.Ceiling((1 + papers) / (double)limits.ChannelMessageLimit) - 1) * limits.ChannelMessageWindow.TotalSeconds,
            (Math.Ceiling(papers / (double)limits.RouteRequestLimit) - 1) * limits.RouteRequestWindow.TotalSeconds);
        var bound = Math.Max(globalBound, channelBound);
        var timeout = TimeSpan.FromSeconds((bound * 3) + 120);
        // Channels with a completed batch, and no batch open: midnight UTC passing during the run gives each channel a
        // second, empty batch that completes at once, so a count of completed batches could be reached too early.
        long completed, open;
        while (true)
        {
            completed = await postgres.ScalarAsync("SELECT count(DISTINCT channel_id) FROM digest_batches WHERE completed_at IS NOT NULL", ct);
            open = await postgres.ScalarAsync("SELECT count(*) FROM digest_batches WHERE completed_at IS NULL", ct);
            if ((completed >= channelCount && open == 0) || started.Elapsed >= timeout)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var requests = server.Requests.Skip(requestsBefore).Where(r => r.Path.StartsWith("/channels/", StringComparison.Ordinal)).ToList();
        var posted = requests.Where(r => r.StatusCode is >= 200 and < 300).Select(r => r.At).Order().ToList();
        var firstToLast = posted.Count > 1 ? (posted[^1] - posted[0]).TotalSeconds : 0;
        var (messages, duplicates, incomplete) = Count(server, channels.Select(c => c.Channel), 1 + papers);
        var all429 = server.TooManyRequestsSent - before429.All;
        var global429 = server.GlobalTooManyRequestsSent - before429.Global;
        var claimants = await postgres.ScalarAsync("SELECT count(DISTINCT claimed_by) FROM digest_batches", ct);

        table.Add("digest channels x papers", $"{channelCount:N0} x {papers} over {guilds.Count:N0} guilds on all shards; subscribed in {subscribe.Elapsed.TotalSeconds:0.0} s");
        table.Add("digest requests needed", $"{requestsNeeded:N0} (1 header + {papers} paper message(s) + {papers} reaction(s) a channel); {requests.Count:N0} sent to /channels/*");
        table.Add("digest bound", $"{bound:0} s: global ceil({requestsNeeded:N0} / {limits.GlobalRequestsPerSecond}) - 1 = {globalBound:0} s; per channel {channelBound:0.##} s ({limits.ChannelMessageLimit} messages per {limits.ChannelMessageWindow.TotalSeconds:0} s) {(globalBound >= channelBound ? "is not tighter" : "is tighter")}");
        table.Add("digest completion", completed < channelCount || open > 0
            ? $"not within {timeout.TotalSeconds:0} s: {completed:N0} of {channelCount:N0} channels with a complete batch, {open:N0} batches open"
            : $"{firstToLast:0.0} s first to last post ({Ratio(firstToLast, bound)} of the bound, target <= 1.10x); all batches complete {started.Elapsed.TotalSeconds:0.0} s after the subscriptions");
        table.Add("digest 429s (all, global, per-route)", $"{all429}, {global429}, {all429 - global429}");
        table.Add("digest duplicates", $"{duplicates} duplicate message(s); {incomplete} channel(s) short of {1 + papers} messages; {messages:N0} bot messages; batches claimed by {claimants} process(es)");
    }

    private static string Ratio(double seconds, double bound) =>
        bound > 0 ? (seconds / bound).ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-";

    /// <summary>Bot messages in the digest channels; a duplicate is a second message with the same text and embeds in one channel.</summary>
    private static (int Messages, int Duplicates, int Short) Count(FakeDiscordServer server, IEnumerable<ulong> channels, int expected)
    {
        int messages = 0, duplicates = 0, missing = 0;
        foreach (var channel in channels)
        {
            var bot = server.GetMessages(channel).Where(m => m.AuthorIsBot).ToList();
            var distinct = bot.Select(m => m.Content + "\u0001" + m.Embeds.ToJsonString()).Distinct().Count();
            messages += bot.Count;
            duplicates += bot.Count - distinct;
            missing += distinct < expected ? 1 : 0;
        }

        return (messages, duplicates, missing);
    }
}
