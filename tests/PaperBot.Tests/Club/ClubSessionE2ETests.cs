using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>/club schedule and done through the fake Discord: an announcement, its thread, and the session recorded.</summary>
public sealed class ClubSessionE2ETests : ClubCommandTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Schedule_FutureDate_AnnouncesPingingOnlyThePresenterAndOpensAThreadOnIt(StorageProvider provider)
    {
        await StartAsync(provider);
        var reply = await ClubE2E.ScheduleAsync(Bot, "2302.07863", "2026-12-10");

        Assert.True(reply.Ephemeral);
        Assert.StartsWith("Scheduled", reply.Content, StringComparison.Ordinal);
        var announcement = Assert.Single(Announcements());
        Assert.Contains($"<@{ClubE2E.Presenter}>", announcement.Content, StringComparison.Ordinal);
        Assert.Equal(ClubE2E.Presenter.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(announcement.AllowedMentions!["users"]!.AsArray())!.GetValue<string>());
        Assert.Contains("Thursday 10 December 2026", announcement.Content, StringComparison.Ordinal);
        Assert.Contains("Speculative Decoding", announcement.Embeds[0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var thread = Assert.Single(Bot.Discord.Threads);
        Assert.Equal(announcement.Id, thread.Id);
        Assert.Equal(Bot.ChannelId, thread.ParentId);
        Assert.StartsWith("Journal club 2026-12-10: Speculative Decoding", thread.Name, StringComparison.Ordinal);
        Assert.True(thread.Name.Length <= 100);
        Assert.Equal(10080, thread.AutoArchiveDuration);
        var entry = await Store().GetAsync(Bot.ChannelId, "2302.07863", CancellationToken.None);
        Assert.Equal(thread.Id, entry!.ThreadId);

        // No digest here: the stated default, 09:00 UTC the day before.
        Assert.Equal(new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero), entry.ReminderDue);
        ClubE2E.AssertOnlyPresenterMentionable(Bot.Discord, ClubE2E.Presenter);
    }

    [Theory]
    [InlineData("2026-11-30", "in the past")]
    [InlineData("next friday", "not a date")]
    [InlineData("2026-13-01", "not a date")]
    public async Task Schedule_PastOrMalformedDate_EphemeralErrorAndNothingPosted(string date, string expected)
    {
        await StartAsync();
        var reply = await ClubE2E.ScheduleAsync(Bot, "2302.07863", date);

        Assert.True(reply.Ephemeral);
        Assert.Contains(expected, reply.Content, StringComparison.Ordinal);
        Assert.Empty(Announcements());
        Assert.Empty(Bot.Discord.Threads);
        Assert.Null(await Store().GetAsync(Bot.ChannelId, "2302.07863", CancellationToken.None));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Schedule_WithoutManageChannels_RefusedAndNothingPosted(StorageProvider provider)
    {
        await StartAsync(provider);
        var reply = await ClubE2E.ScheduleAsync(Bot, "2302.07863", "2026-12-10", permissions: "3072");

        Assert.True(reply.Ephemeral);
        Assert.Contains("Manage Channels", reply.Content, StringComparison.Ordinal);
        Assert.Empty(Announcements());
        Assert.Empty(Bot.Discord.Threads);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Done_ScheduledSession_ArchivesTheThreadAndRecordsTheSession(StorageProvider provider)
    {
        await StartAsync(provider);
        await ClubE2E.ScheduleAsync(Bot, "2302.07863", "2026-12-10");
        var thread = Assert.Single(Bot.Discord.Threads);

        var reply = await ClubE2E.RunAsync(Bot, "done", ("id", "2302.07863"));

        Assert.False(reply.Ephemeral);
        Assert.Contains("done and recorded", reply.Content, StringComparison.Ordinal);
        Assert.True(Assert.Single(Bot.Discord.Threads).Archived);
        var session = Assert.Single(await Store().SessionsForPaperAsync(Bot.GuildId, "2302.07863", CancellationToken.None));
        Assert.Equal(ClubE2E.Presenter, session.PresenterId);
        Assert.Equal(thread.Id, session.ThreadId);
        Assert.Equal(new DateOnly(2026, 12, 10), session.SessionDate);
        Assert.Empty(await Store().SessionsForPaperAsync(Bot.GuildId + 1, "2302.07863", CancellationToken.None));
        Assert.Empty(await Store().ListAsync(Bot.ChannelId, CancellationToken.None));
        ClubE2E.AssertOnlyPresenterMentionable(Bot.Discord, ClubE2E.Presenter);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Done_ScheduledSession_PaperShowCountsTheSessionInThisServerWithItsAnnouncement(StorageProvider provider)
    {
        await StartAsync(provider);
        await ClubE2E.ScheduleAsync(Bot, "2302.07863", "2026-12-10");
        var announcement = Assert.Single(Announcements());
        await ClubE2E.RunAsync(Bot, "done", ("id", "2302.07863"));

        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2302.07863")));
        var field = card.Embeds[0]!["fields"]?.AsArray()
            .FirstOrDefault(f => f!["name"]!.GetValue<string>() == "In this server")?["value"]?.GetValue<string>();

        Assert.NotNull(field);
        Assert.StartsWith($"Mentioned 1× in <#{Bot.ChannelId}>", field, StringComparison.Ordinal);
        Assert.Contains($"/{announcement.Id})", field, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Done_PaperNotQueued_EphemeralErrorNothingRecorded(StorageProvider provider)
    {
        await StartAsync(provider);
        var reply = await ClubE2E.RunAsync(Bot, "done", ("id", "2302.07863"));

        Assert.True(reply.Ephemeral);
        Assert.Empty(await Store().SessionsForPaperAsync(Bot.GuildId, "2302.07863", CancellationToken.None));
    }
}
