using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Digest;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>
/// The due time stored beside each subscription (<c>next_due_at</c>): the digest pass reads only the channels due by
/// it, so it must follow every change of the row, and a missing or out-of-date one must never cost a batch.
/// </summary>
public sealed class DigestDueTimeTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Subscribe_StoresTheNextDueTime_AndTheDaysBatchMovesItToTheNextDay(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var morning = harness.CreateChannel("morning");
        var noon = harness.CreateChannel("noon");
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "Speculative decoding at scale", 3));
        await DigestHarness.SubscribeAsync(host, harness.Manager(morning), new(Time: "08:00", TimeZone: "Europe/Berlin", Days: "daily"));
        await DigestHarness.SubscribeAsync(host, harness.Manager(noon), new(Time: "12:00", TimeZone: "UTC", Days: "daily"));

        // 08:00 in Berlin is 06:00 UTC in June.
        Assert.Equal(Monday.AddHours(6), await StoredDueAsync(host, morning));
        Assert.Equal(Monday.AddHours(12), await StoredDueAsync(host, noon));
        Assert.Equal(Monday.AddHours(6), await EarliestDueAsync(host));

        harness.Time.SetUtcNow(Monday.AddHours(6));
        await RunPassAsync(host);

        Assert.Equal(2, harness.Messages(morning).Count);
        Assert.Empty(harness.Messages(noon));
        Assert.Equal(Monday.AddDays(1).AddHours(6), await StoredDueAsync(host, morning));
        Assert.Equal(Monday.AddHours(12), await EarliestDueAsync(host));

        // A changed posting time moves it at once.
        await DigestHarness.SubscribeAsync(host, harness.Manager(noon), new(Time: "18:30", TimeZone: "UTC", Days: "daily"));
        Assert.Equal(Monday.AddHours(18.5), await StoredDueAsync(host, noon));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_RowWithoutADueTime_GetsOneAndIsPostedAtItsTime(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var channel = await SubscribeDailyAtEightAsync(harness, host);
        await RunPassAsync(host);

        // As a row written by a process from before the column: listed at every pass until it has a time.
        await ExecuteAsync(host, "UPDATE digest_subscriptions SET next_due_at = NULL");
        harness.Time.SetUtcNow(Monday.AddHours(7));
        await RunPassAsync(host);

        Assert.Empty(harness.Messages(channel));
        Assert.Equal(Monday.AddHours(8), await StoredDueAsync(host, channel));

        await ExecuteAsync(host, "UPDATE digest_subscriptions SET next_due_at = NULL");
        harness.Time.SetUtcNow(Monday.AddHours(8));
        await RunPassAsync(host);

        Assert.Equal(2, harness.Messages(channel).Count);
        Assert.Equal(Monday.AddDays(1).AddHours(8), await StoredDueAsync(host, channel));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_NewProcess_PostsABatchWhoseStoredTimeWasWrittenUnderOtherZoneRules(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var first = await harness.StartHostAsync(withService: false);
        var channel = await SubscribeDailyAtEightAsync(harness, first);

        // A time a day late, as one computed under time zone rules that have changed since: a new process checks
        // every stored time against its own rules before its first pass.
        await ExecuteAsync(first, $"UPDATE digest_subscriptions SET next_due_at = '{DbValues.Time(Monday.AddDays(1).AddHours(8))}'");
        var second = await harness.StartHostAsync(withService: false);
        harness.Time.SetUtcNow(Monday.AddHours(8));
        await RunPassAsync(second);

        Assert.Equal(2, harness.Messages(channel).Count);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_RunningProcess_ReadsOnlyTheChannelsDueByTheirStoredTime(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var channel = await SubscribeDailyAtEightAsync(harness, host);
        await RunPassAsync(host);

        // Once the process has checked the stored times, a pass goes by them alone: it does not read the row whose
        // time is later, even though its schedule says it is due.
        await ExecuteAsync(host, $"UPDATE digest_subscriptions SET next_due_at = '{DbValues.Time(Monday.AddHours(9))}'");
        harness.Time.SetUtcNow(Monday.AddHours(8));
        var next = await RunPassAsync(host);

        Assert.Empty(harness.Messages(channel));
        Assert.Equal(Monday.AddHours(9), next);

        harness.Time.SetUtcNow(Monday.AddHours(9));
        await RunPassAsync(host);
        Assert.Equal(2, harness.Messages(channel).Count);
    }

    /// <summary>A channel with one new paper, subscribed to a daily digest at 08:00 UTC.</summary>
    private static async Task<ulong> SubscribeDailyAtEightAsync(DigestHarness harness, IHost host)
    {
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "Speculative decoding at scale", 3));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));
        return channel;
    }

    private static Task<DateTimeOffset> RunPassAsync(IHost host) =>
        DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

    private static Task<DateTimeOffset?> EarliestDueAsync(IHost host) =>
        host.Services.GetRequiredService<DigestSubscriptionStore>().EarliestDueAsync(CancellationToken.None);

    private static async Task<DateTimeOffset?> StoredDueAsync(IHost host, ulong channelId)
    {
        await using var connection = await host.Services.GetRequiredService<StateDatabase>().OpenAsync(CancellationToken.None);
        var text = await connection.ExecuteScalarAsync<string?>("SELECT next_due_at FROM digest_subscriptions WHERE channel_id = @ChannelId", new { ChannelId = DbValues.ToDb(channelId) });
        return text is null ? null : DbValues.ParseTime(text);
    }

    private static async Task ExecuteAsync(IHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<StateDatabase>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql);
    }
}
