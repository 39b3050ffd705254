using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Rest;
using PaperBot.Interactions;
using PaperBot.Papers;
using PaperBot.Scheduling;

namespace PaperBot.Club;

/// <summary>
/// Sends the reminders owed now, each into its session's thread, and marks each sent in <c>club_queue</c>
/// once Discord accepted it, so none goes out twice across restarts (a crash in between is covered by the
/// message's enforced nonce). A thread Discord refuses for good (deleted, locked, no access) is not retried.
/// </summary>
public sealed partial class ClubReminders(
    ClubStore store,
    PaperStore papers,
    DiscordRestClient rest,
    IOptions<ClubOptions> options,
    TimeProvider timeProvider,
    ILogger<ClubReminders> logger) : IDuePass
{
    /// <summary>Sends what is due; returns when to look again.</summary>
    public async Task<DateTimeOffset> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var entry in await store.DueRemindersAsync(now, cancellationToken).ConfigureAwait(false))
        {
            // Another process over the same state may see it due too: only the one that claims it sends it.
            if (!await store.ClaimReminderAsync(entry.ChannelId, entry.PaperId, now, now + options.Value.ReminderClaim, cancellationToken).ConfigureAwait(false))
            {
                Log.ClaimedElsewhere(logger, entry.ChannelId, entry.PaperId);
                continue;
            }

            var paper = await papers.GetAsync(entry.PaperId, cancellationToken).ConfigureAwait(false);
            var message = ClubMessages.Reminder(paper, entry);
            ChannelMentions.Check(message);
            try
            {
                await rest.CreateMessageAsync(entry.ThreadId!.Value, message, cancellationToken).ConfigureAwait(false);
                Log.Reminded(logger, entry.ChannelId, entry.PaperId, entry.ThreadId.Value);
            }
            catch (DiscordHttpException ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest)
            {
                Log.Undeliverable(logger, ex, entry.ChannelId, entry.PaperId, ex.Code);
            }

            await store.MarkRemindedAsync(entry.ChannelId, entry.PaperId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        var latest = timeProvider.GetUtcNow() + options.Value.MaxSleep;
        var next = await store.NextReminderAsync(cancellationToken).ConfigureAwait(false);
        return next is { } due && due < latest ? due : latest;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Journal club reminder sent for {PaperId} of channel {ChannelId} into thread {ThreadId}")]
        public static partial void Reminded(ILogger logger, ulong channelId, string paperId, ulong threadId);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Warning, Message = "Journal club reminder for {PaperId} of channel {ChannelId} refused by Discord (code {Code}); not retried")]
        public static partial void Undeliverable(ILogger logger, Exception exception, ulong channelId, string paperId, int code);

        [LoggerMessage(EventId = 7105, Level = LogLevel.Debug, Message = "Journal club reminder for {PaperId} of channel {ChannelId} already sent or claimed by another process")]
        public static partial void ClaimedElsewhere(ILogger logger, ulong channelId, string paperId);
    }
}
