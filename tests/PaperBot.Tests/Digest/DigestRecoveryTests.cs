using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Digest;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.FakeDiscord;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>Crashes, deleted channels, missing permissions and refused callers.</summary>
public sealed class DigestRecoveryTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Simulates a crash between two posts: once <c>crashAfter</c> messages went out, the next message
    /// create cancels the run before it reaches Discord.
    /// </summary>
    private sealed class CrashingHandler(CancellationTokenSource crash, int crashAfter) : DelegatingHandler
    {
        private int _created;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isCreate = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal);
            if (isCreate && Volatile.Read(ref _created) >= crashAfter)
            {
                await crash.CancelAsync();
                throw new OperationCanceledException(crash.Token);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (isCreate && response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _created);
            }

            return response;
        }
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_CrashMidBatchThenRestart_EveryPaperPostedExactlyOnce(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        using var crash = new CancellationTokenSource();
        var first = await harness.StartHostAsync(withService: false, services =>
            services.AddHttpClient<DiscordRestClient>().AddHttpMessageHandler(() => new CrashingHandler(crash, 3)));
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(first, [.. Enumerable.Range(1, 6).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        await DigestHarness.SubscribeAsync(first, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 6));
        harness.Time.SetUtcNow(Monday.AddHours(8));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DigestHarness.InScopeAsync(first, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(crash.Token)));
        Assert.Equal(3, harness.Messages(channel).Count);

        // Restart: a fresh container on the same database resumes the open batch.
        var second = await harness.StartHostAsync();
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count >= 7);
        await harness.SettleAsync();

        var messages = harness.Messages(channel);
        Assert.Equal(7, messages.Count);
        Assert.Single(messages, m => m.Content.Contains("Daily paper digest", StringComparison.Ordinal));
        var ids = DigestHarness.PaperIdsIn(messages);
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.All(messages.Skip(1), m => Assert.Equal(["🔖"], m.BotReactions));
        Assert.Empty(harness.Discord.Rejections);

        // Nothing is owed any more: a later pass posts nothing.
        await DigestHarness.InScopeAsync(second, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));
        Assert.Equal(7, harness.Messages(channel).Count);
    }

    [Fact]
    public async Task RunDueAsync_StoreFailsWhilePlanning_PlansNothingThenPostsEveryPaperOnceItReadsAgain()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, [.. Enumerable.Range(1, 3).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Speculative decoding, part {i}", i))]);
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Topics: "speculative decoding", Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 3));
        harness.Time.SetUtcNow(Monday.AddHours(8));

        // The full-text index loses its structure record: every search of it fails as a damaged store does.
        var connections = host.Services.GetRequiredService<SqliteConnectionFactory>();
        await ExecuteAsync(connections, "CREATE TABLE saved_structure AS SELECT * FROM papers_fts_data WHERE id = 10; DELETE FROM papers_fts_data WHERE id = 10;");
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        Assert.Empty(harness.Messages(channel));
        Assert.Empty(await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestLedger>().OpenBatchesAsync(CancellationToken.None)));

        // The store reads again: the day's batch is planned then, with every paper.
        await ExecuteAsync(connections, "INSERT INTO papers_fts_data SELECT * FROM saved_structure; DROP TABLE saved_structure;");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        Assert.Equal(["2506.00001", "2506.00002", "2506.00003"], DigestHarness.PaperIdsIn(harness.Messages(channel)).Order());
    }

    [Fact]
    public async Task RunDueAsync_VectorsUnreadableWhilePlanning_PlansNothingThenPostsThePaperFoundByMeaningToo()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();
        // "rainstorms" is a word of the second paper only; the first is close to it in meaning (DigestTasteE2ETests).
        await DigestHarness.AddPapersAsync(
            host,
            DigestHarness.Paper("2611.10003", "Nowcasting thunderstorms from radar sequences with diffusion models", 10, ["cs.LG"],
                "We forecast precipitation and storm cells over the next hours from radar image sequences with a conditional diffusion model, improving skill scores for heavy rain over operational nowcasting systems."),
            DigestHarness.Paper("2611.20009", "Rainstorms and river floods in mountain basins", 0, ["cs.LG"],
                "Rainstorms in mountain basins and the river floods that follow them, from two decades of gauge records."));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Topics: "rainstorms", Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 10));
        harness.Time.SetUtcNow(Monday.AddHours(8));

        // The store cannot read the vectors: planning by words alone would leave the first paper out of the day's batch for good.
        var connections = host.Services.GetRequiredService<SqliteConnectionFactory>();
        await ExecuteAsync(connections, "ALTER TABLE paper_vectors RENAME TO saved_vectors;");
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        Assert.Empty(harness.Messages(channel));
        Assert.Empty(await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestLedger>().OpenBatchesAsync(CancellationToken.None)));

        await ExecuteAsync(connections, "ALTER TABLE saved_vectors RENAME TO paper_vectors;");
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        Assert.Equal(["2611.10003", "2611.20009"], DigestHarness.PaperIdsIn(harness.Messages(channel)).Order());
    }

    private static async Task ExecuteAsync(SqliteConnectionFactory connections, string sql)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_TwoProcessesOneDiesMidBatch_TheOtherFinishesItAfterTheLeaseOncePerPaper(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var (other, channel) = await CrashMidBatchAsync(harness, dyingInstance: null, otherInstance: null);

        harness.Time.Advance(TimeSpan.FromSeconds(21));
        await DigestHarness.InScopeAsync(other, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        var messages = harness.Messages(channel);
        Assert.Equal(7, messages.Count);
        Assert.Single(messages, m => m.Content.Contains("Daily paper digest", StringComparison.Ordinal));
        await AssertSixPapersOnceAndNothingOpenAsync(harness, messages, other);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_CrashedProcessRestartsUnderItsName_ResumesAtOnceWhileAnotherWaitsForTheLease(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var (_, channel) = await CrashMidBatchAsync(harness, dyingInstance: "bot-a", otherInstance: "bot-b");

        // Another process left the batch alone while bot-a's lease runs, but bot-a restarted takes its own batch back at once, the clock not moved.
        var restarted = await harness.StartHostAsync(withService: false, instance: "bot-a");
        await DigestHarness.InScopeAsync(restarted, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        var messages = harness.Messages(channel);
        Assert.Equal(7, messages.Count);
        await AssertSixPapersOnceAndNothingOpenAsync(harness, messages, restarted);
    }

    /// <summary>
    /// Six papers due in one channel; a process posts three and dies mid-batch (its lease still running); a second
    /// process then runs its pass and leaves the batch alone, plans no second one. Returns the second and the channel.
    /// </summary>
    private static async Task<(IHost Other, ulong Channel)> CrashMidBatchAsync(DigestHarness harness, string? dyingInstance, string? otherInstance)
    {
        using var crash = new CancellationTokenSource();
        var dying = await harness.StartHostAsync(
            withService: false, services => services.AddHttpClient<DiscordRestClient>().AddHttpMessageHandler(() => new CrashingHandler(crash, 3)), instance: dyingInstance);
        var other = await harness.StartHostAsync(withService: false, instance: otherInstance);
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(dying, [.. Enumerable.Range(1, 6).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        await DigestHarness.SubscribeAsync(dying, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 6));
        harness.Time.SetUtcNow(Monday.AddHours(8));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DigestHarness.InScopeAsync(dying, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(crash.Token)));
        Assert.Equal(3, harness.Messages(channel).Count);

        await DigestHarness.InScopeAsync(other, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));
        Assert.Equal(3, harness.Messages(channel).Count);
        return (other, channel);
    }

    /// <summary>The six papers each posted once, nothing refused, and no batch left open.</summary>
    private static async Task AssertSixPapersOnceAndNothingOpenAsync(DigestHarness harness, IReadOnlyList<FakeMessage> messages, IHost host)
    {
        var ids = DigestHarness.PaperIdsIn(messages);
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Empty(harness.Discord.Rejections);
        Assert.Empty(await host.Services.GetRequiredService<DigestLedger>().OpenBatchesAsync(CancellationToken.None));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_CrashAfterDiscordAcceptedAndBeforeTheLedgerWrite_RestartShowsOneMessagePerPaper(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        using var crash = new CancellationTokenSource();
        var first = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();

        // First seen just before the batch is planned: inside the planner's overlap, where only the ledger keeps
        // a paper of the open batch out of another one.
        harness.Time.SetUtcNow(Monday.AddHours(8).AddMinutes(-5));
        await DigestHarness.AddPapersAsync(first, [.. Enumerable.Range(1, 6).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        await DigestHarness.SubscribeAsync(first, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 6));
        harness.Time.SetUtcNow(Monday.AddHours(8));

        // The third message create is carried out by Discord; the poster dies before it hears back, so before its ledger write.
        var accepted = 0;
        harness.Discord.InterceptAnswers("POST /channels/{channel_id}/messages", _ =>
        {
            if (Interlocked.Increment(ref accepted) != 3)
            {
                return false;
            }

            crash.Cancel();
            return true;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            DigestHarness.InScopeAsync(first, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(crash.Token)));
        Assert.Equal(3, harness.Messages(channel).Count);
        var entries = await first.Services.GetRequiredService<DigestLedger>().EntriesAsync((await first.Services.GetRequiredService<DigestLedger>().OpenBatchesAsync(CancellationToken.None)).Single().BatchId, CancellationToken.None);
        Assert.Equal(2, entries.Count(e => e.IsSent));

        // Papers of the open batch count as planned whether or not they went out: asking now finds nothing new.
        var now = await DigestHarness.InScopeAsync(first, sp => sp.GetRequiredService<DigestSubscriptionService>().NowAsync(harness.Manager(channel), CancellationToken.None));
        Assert.Contains("nothing to post", now.Content, StringComparison.Ordinal);

        // Restart: the resent third message carries the same enforced nonce, so Discord returns the first one.
        await harness.StartHostAsync();
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count >= 7);
        await harness.SettleAsync();

        var messages = harness.Messages(channel);
        Assert.Equal(7, messages.Count);
        var ids = DigestHarness.PaperIdsIn(messages);
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.All(messages.Skip(1), m => Assert.Equal(["🔖"], m.BotReactions));
        Assert.Empty(harness.Discord.Rejections);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_OneChannelDeleted_PausesOnlyThatSubscription(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var gone = harness.CreateChannel("gone");
        harness.ExpectedRejectionCodes.Add(10003);
        var alive = harness.CreateChannel("alive");
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "A paper", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(gone), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));
        await DigestHarness.SubscribeAsync(host, harness.Manager(alive), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));
        harness.Discord.DeleteChannel(gone);
        harness.Time.SetUtcNow(Monday.AddHours(8));

        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        Assert.Equal(2, harness.Messages(alive).Count);
        var settings = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().SettingsAsync(harness.Manager(gone), CancellationToken.None));
        Assert.Contains("Paused", settings.Content, StringComparison.Ordinal);
        Assert.Contains("no longer exists", settings.Content, StringComparison.Ordinal);
        var aliveSettings = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().SettingsAsync(harness.Manager(alive), CancellationToken.None));
        Assert.DoesNotContain("Paused", aliveSettings.Content, StringComparison.Ordinal);

        // The paused channel is not retried: one refused request in total, however many passes run.
        harness.Time.SetUtcNow(Monday.AddDays(1).AddHours(8));
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));
        Assert.Single(harness.Discord.Rejections);
        Assert.Equal(10003, harness.Discord.Rejections[0].Code);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task RunDueAsync_MissingPermission_PausesWithTheReason(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "A paper", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily"));
        harness.Discord.DenyPermission(channel);
        harness.ExpectedRejectionCodes.UnionWith([50001, 50013]);
        harness.Time.SetUtcNow(Monday.AddHours(8));

        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestRunner>().RunDueAsync(CancellationToken.None));

        var subscription = await host.Services.GetRequiredService<DigestSubscriptionStore>().GetAsync(channel, CancellationToken.None);
        Assert.NotNull(subscription?.PausedReason);
        Assert.Contains("may not post", subscription.PausedReason, StringComparison.Ordinal);
        Assert.Empty(harness.Messages(channel));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SubscribeAsync_CallerWithoutManageChannels_IsRefusedAndNothingChanges(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();
        var member = new DigestCaller(harness.GuildId, channel, 7, Permissions.SendMessages | Permissions.ViewChannel);

        var reply = await DigestHarness.SubscribeAsync(host, member, new(Time: "08:00"));
        var now = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().NowAsync(member, CancellationToken.None));

        // A refusal is an ephemeral reply saying why.
        Assert.Equal(DigestSubscriptionService.PermissionRefusal, reply.Content);
        Assert.True(reply.Ephemeral);
        Assert.Contains("Manage Channels", reply.Content, StringComparison.Ordinal);
        Assert.True(now.Ephemeral);
        Assert.Equal(DigestSubscriptionService.PermissionRefusal, now.Content);
        Assert.Null(await host.Services.GetRequiredService<DigestSubscriptionStore>().GetAsync(channel, CancellationToken.None));

        // Administrator implies Manage Channels.
        var admin = member with { Permissions = Permissions.Administrator };
        Assert.StartsWith("Subscribed", (await DigestHarness.SubscribeAsync(host, admin, new(Time: "08:00"))).Content, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25:00", null, null, null, "not a time of day")]
    [InlineData(null, "Mars/Olympus", null, null, "not a known time zone")]
    [InlineData(null, null, 21L, null, "between 1 and 20")]
    [InlineData(null, null, null, "fortnightly", "weekdays")]
    public async Task SubscribeAsync_InvalidValue_IsRefusedWithTheReason(string? time, string? zone, long? max, string? days, string expected)
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(withService: false);
        var channel = harness.CreateChannel();

        var reply = await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: time, TimeZone: zone, Max: max, Days: days));

        Assert.True(reply.Ephemeral);
        Assert.Contains(expected, reply.Content, StringComparison.Ordinal);
        Assert.Null(await host.Services.GetRequiredService<DigestSubscriptionStore>().GetAsync(channel, CancellationToken.None));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task NowAndPreview_ManagerAsks_PreviewIsEphemeralAndNowPostsOnce(StorageProvider provider)
    {
        await using var harness = await DigestHarness.StartAsync(Monday, provider);
        var host = await harness.StartHostAsync();
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "A *bold* @everyone title", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "23:00", TimeZone: "UTC"));

        var preview = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().PreviewAsync(harness.Manager(channel), CancellationToken.None));
        Assert.True(preview.Ephemeral);
        Assert.Single(preview.Embeds!);
        Assert.Empty(harness.Messages(channel));

        var now = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().NowAsync(harness.Manager(channel), CancellationToken.None));
        Assert.Contains("Posting 1 paper", now.Content, StringComparison.Ordinal);
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count == 2);

        var posted = harness.Messages(channel)[1];
        Assert.Equal("A \\*bold\\* @\u200Beveryone title", posted.Embeds[0]!["title"]!.GetValue<string>());
        var again = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().NowAsync(harness.Manager(channel), CancellationToken.None));
        Assert.Contains("nothing to post", again.Content, StringComparison.Ordinal);
    }
}
