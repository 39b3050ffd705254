using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Interactions;
using PaperBot.Memory;
using PaperBot.Papers;

namespace PaperBot.Club;

/// <summary>Who runs a <c>/club</c> command, and where.</summary>
public sealed record ClubCaller(ulong GuildId, ulong ChannelId, ulong UserId, Permissions Permissions)
{
    public bool MayManage => Permissions.HasFlag(Permissions.ManageChannels);
}

/// <summary>
/// The logic of <c>/club add|list|remove|schedule|done</c>: a per-channel reading queue, sessions announced
/// with a thread for the discussion, and the sessions held. Bad input gets an ephemeral answer and changes nothing.
/// </summary>
public sealed class ClubCommands(ClubStore store, PaperStore papers, ClubCalendar calendar, ClubWakeup wakeup, ServerMemory memory, TimeProvider timeProvider)
{
    public const int NoteLength = 300;

    public const string PermissionRefusal = "You need the Manage Channels permission in this channel to schedule, close or remove someone else's journal club papers.";

    public async Task<InteractionReply> AddAsync(ClubCaller caller, string id, string? note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (note is { Length: > NoteLength })
        {
            return InteractionReply.Private($"A note is at most {NoteLength} characters.");
        }

        if (await papers.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } paper)
        {
            return UnknownPaper(id);
        }

        var added = await store.AddAsync(new ClubEntry
        {
            ChannelId = caller.ChannelId,
            PaperId = paper.Id,
            GuildId = caller.GuildId,
            Note = note,
            AddedBy = caller.UserId,
            AddedAt = timeProvider.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        if (!added)
        {
            return InteractionReply.Private($"**{Title(paper)}** is already queued here; `/club list` shows the queue.");
        }

        var count = (await store.ListAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false)).Count;
        return InteractionReply.Text($"📚 Added **{Title(paper)}** ({paper.Id}) to the reading queue ({count} queued).");
    }

    public async Task<InteractionReply> ListAsync(ClubCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var entries = await store.ListAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        var known = await papers.GetManyAsync([.. entries.Select(e => e.PaperId)], cancellationToken).ConfigureAwait(false);
        return InteractionReply.Private(ClubMessages.Queue(caller.ChannelId, entries, known.ToDictionary(p => p.Id, StringComparer.Ordinal)));
    }

    public async Task<InteractionReply> RemoveAsync(ClubCaller caller, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await FindQueuedAsync(caller, id, cancellationToken).ConfigureAwait(false) is not ({ } entry, var title))
        {
            return NotQueued(id);
        }

        if (!caller.MayManage && entry.AddedBy != caller.UserId)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        await store.RemoveAsync(caller.ChannelId, entry.PaperId, cancellationToken).ConfigureAwait(false);
        return InteractionReply.Text($"Removed **{title}** ({entry.PaperId}) from the reading queue.");
    }

    /// <summary>
    /// Posts the announcement (pinging only the presenter), opens its thread, and records the session and the
    /// reminder owed. Nothing is posted for bad input. A paper not yet queued is queued on the way.
    /// </summary>
    public async Task<InteractionReply> ScheduleAsync(ClubCaller caller, string id, string dateText, ulong? presenterId, IChannelMessenger channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(channels);
        if (!caller.MayManage)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        if (presenterId is not { } presenter || presenter == 0)
        {
            return InteractionReply.Private("Pick the presenter with `presenter:`, e.g. `presenter: @Ada`.");
        }

        if (await papers.GetAsync(id, cancellationToken).ConfigureAwait(false) is not { } paper)
        {
            return UnknownPaper(id);
        }

        var clock = await calendar.ForChannelAsync(caller.ChannelId, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        if (!ClubCalendar.TryParseDate(dateText, out var date))
        {
            return InteractionReply.Private($"{DiscordMarkdown.Code(DiscordText.Truncate(dateText, 30))} is not a date: write it as YYYY-MM-DD, e.g. {clock.Today(now).AddDays(7):yyyy-MM-dd}.");
        }

        if (date < clock.Today(now))
        {
            return InteractionReply.Private($"{date:yyyy-MM-dd} is in the past here (today is {clock.Today(now):yyyy-MM-dd} in {clock.Zone.Id}); pick today or a later date.");
        }

        await store.AddAsync(new ClubEntry { ChannelId = caller.ChannelId, PaperId = paper.Id, GuildId = caller.GuildId, AddedBy = caller.UserId, AddedAt = now }, cancellationToken).ConfigureAwait(false);
        var entry = (await store.GetAsync(caller.ChannelId, paper.Id, cancellationToken).ConfigureAwait(false))!;
        Message announcement;
        Channel thread;
        try
        {
            announcement = await channels.PostAsync(caller.ChannelId, ClubMessages.Announcement(paper, date, presenter, entry.Note), cancellationToken).ConfigureAwait(false);
            thread = await channels.StartThreadAsync(caller.ChannelId, announcement.Id, ClubMessages.Thread(paper, date), cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordHttpException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
        {
            return InteractionReply.Private("I could not post the announcement or open its thread here: I need the View Channel, Send Messages and Create Public Threads permissions in this channel.");
        }

        var reminder = clock.ReminderFor(date);
        var owed = reminder > now ? reminder : (DateTimeOffset?)null;
        await store.ScheduleAsync(entry with
        {
            SessionDate = date,
            PresenterId = presenter,
            AnnouncementId = announcement.Id,
            ThreadId = thread.Id,
            ReminderDue = owed,
        }, cancellationToken).ConfigureAwait(false);
        wakeup.Signal();
        var when = owed is { } at
            ? $"A reminder goes to the thread on <t:{at.ToUnixTimeSeconds()}:F> ({(clock.FromDigest ? "this channel's digest time" : "the default time")}, {clock.Zone.Id})."
            : "The session is too close for a reminder the day before.";
        return InteractionReply.Private($"Scheduled **{Title(paper)}** for {ClubMessages.LongDate(date)}, presented by <@{presenter}>. Discussion: <#{thread.Id}>. {when}");
    }

    /// <summary>Archives the session's thread and records the session held; the paper leaves the queue.</summary>
    public async Task<InteractionReply> DoneAsync(ClubCaller caller, string id, IChannelMessenger channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(channels);
        if (!caller.MayManage)
        {
            return InteractionReply.Private(PermissionRefusal);
        }

        if (await FindQueuedAsync(caller, id, cancellationToken).ConfigureAwait(false) is not ({ } entry, var title))
        {
            return NotQueued(id);
        }

        var archived = "";
        if (entry.ThreadId is { } threadId)
        {
            try
            {
                await channels.ArchiveThreadAsync(threadId, cancellationToken).ConfigureAwait(false);
                archived = " Its thread is archived (a new message reopens it).";
            }
            catch (DiscordHttpException ex) when (ex.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
            {
                archived = " Its thread could not be archived (deleted, or I lack the permission); the session is recorded anyway.";
            }
        }

        await store.CompleteAsync(caller.ChannelId, entry.PaperId, caller.UserId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);

        // The server memory counts the session as one discussion of the paper, with its announcement to jump to.
        await memory.RecordAsync(new MemoryEvent
        {
            GuildId = caller.GuildId,
            ChannelId = caller.ChannelId,
            PaperId = entry.PaperId,
            Kind = MemoryKinds.Club,
            MessageId = entry.AnnouncementId,
            UserId = entry.PresenterId,
        }, cancellationToken).ConfigureAwait(false);
        return InteractionReply.Text($"✅ Journal club on **{title}** ({entry.PaperId}) is done and recorded.{archived}");
    }

    private async Task<(ClubEntry Entry, string Title)?> FindQueuedAsync(ClubCaller caller, string id, CancellationToken cancellationToken)
    {
        var paper = await papers.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var entry = await store.GetAsync(caller.ChannelId, paper?.Id ?? id.Trim(), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : (entry, paper is null ? entry.PaperId : Title(paper));
    }

    private static InteractionReply UnknownPaper(string id) =>
        InteractionReply.Private($"No paper {DiscordMarkdown.Code(DiscordText.Truncate(id, 40))} in the store. Check the arXiv id (e.g. 2401.12345), or find the paper with `/paper search`.");

    private static InteractionReply NotQueued(string id) =>
        InteractionReply.Private($"{DiscordMarkdown.Code(DiscordText.Truncate(id, 40))} is not in this channel's reading queue; `/club list` shows it.");

    private static string Title(Paper paper) => DiscordMarkdown.Escape(DiscordText.Truncate(paper.DisplayTitle, 150));
}
