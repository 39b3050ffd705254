using Dapper;
using PaperBot.Storage;

namespace PaperBot.Club;

/// <summary>
/// <c>club_queue</c> and <c>club_sessions</c> (migration 0010): each channel's reading queue, the session a
/// queued paper is scheduled for, the reminder it owes, and the sessions held.
/// </summary>
public sealed class ClubStore(StateDatabase connections)
{
    private const string Columns = """
        channel_id AS ChannelId, paper_id AS PaperId, guild_id AS GuildId, note AS Note, added_by AS AddedBy, added_at AS AddedAt,
        session_date AS SessionDate, presenter_id AS PresenterId, announcement_id AS AnnouncementId, thread_id AS ThreadId,
        reminder_due AS ReminderDue, reminded_at AS RemindedAt
        """;

    private const string AddSql = """
        INSERT INTO club_queue (channel_id, paper_id, guild_id, note, added_by, added_at)
        VALUES (@ChannelId, @PaperId, @GuildId, @Note, @AddedBy, @AddedAt)
        ON CONFLICT (channel_id, paper_id) DO NOTHING
        """;

    private const string GetSql = $"SELECT {Columns} FROM club_queue WHERE channel_id = @ChannelId AND paper_id = @PaperId";

    // Scheduled sessions first, soonest first; then the queue in the order papers were added.
    private const string ListSql = $"""
        SELECT {Columns} FROM club_queue WHERE channel_id = @ChannelId
        ORDER BY session_date IS NULL, session_date, added_at, paper_id
        """;

    private const string RemoveSql = "DELETE FROM club_queue WHERE channel_id = @ChannelId AND paper_id = @PaperId";

    // Taking the row out first decides who records the session: two processes finishing it at once cannot both read it.
    private const string TakeSql = $"DELETE FROM club_queue WHERE channel_id = @ChannelId AND paper_id = @PaperId RETURNING {Columns}";

    private const string ScheduleSql = """
        UPDATE club_queue SET session_date = @SessionDate, presenter_id = @PresenterId, announcement_id = @AnnouncementId,
            thread_id = @ThreadId, reminder_due = @ReminderDue, reminded_at = NULL, reminder_claimed_until = NULL
        WHERE channel_id = @ChannelId AND paper_id = @PaperId
        """;

    private const string DueSql = $"""
        SELECT {Columns} FROM club_queue
        WHERE reminder_due IS NOT NULL AND reminded_at IS NULL AND thread_id IS NOT NULL AND reminder_due <= @Now
        ORDER BY reminder_due, channel_id, paper_id
        """;

    private const string NextDueSql = """
        SELECT min(reminder_due) FROM club_queue
        WHERE reminder_due IS NOT NULL AND reminded_at IS NULL AND thread_id IS NOT NULL
        """;

    // Whoever updates the row sends the reminder; a live claim of another process (or a sent reminder) updates nothing.
    private const string ClaimSql = """
        UPDATE club_queue SET reminder_claimed_until = @Until
        WHERE channel_id = @ChannelId AND paper_id = @PaperId AND reminded_at IS NULL
            AND (reminder_claimed_until IS NULL OR reminder_claimed_until <= @Now)
        RETURNING paper_id
        """;

    private const string RemindedSql = """
        UPDATE club_queue SET reminded_at = @At
        WHERE channel_id = @ChannelId AND paper_id = @PaperId AND reminded_at IS NULL
        """;

    private const string InsertSessionSql = """
        INSERT INTO club_sessions (guild_id, channel_id, paper_id, session_date, presenter_id, thread_id, note, done_by, done_at)
        VALUES (@GuildId, @ChannelId, @PaperId, @SessionDate, @PresenterId, @ThreadId, @Note, @DoneBy, @DoneAt)
        RETURNING session_id
        """;

    private const string SessionsForPaperSql = """
        SELECT session_id AS SessionId, guild_id AS GuildId, channel_id AS ChannelId, paper_id AS PaperId, session_date AS SessionDate,
            presenter_id AS PresenterId, thread_id AS ThreadId, note AS Note, done_by AS DoneBy, done_at AS DoneAt
        FROM club_sessions WHERE guild_id = @GuildId AND paper_id = @PaperId
        ORDER BY done_at DESC, session_id DESC
        """;

    /// <summary>Queues a paper; false when the channel's queue already holds it.</summary>
    public async Task<bool> AddAsync(ClubEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(AddSql, new
            {
                ChannelId = DbValues.ToDb(entry.ChannelId),
                entry.PaperId,
                GuildId = DbValues.ToDb(entry.GuildId),
                entry.Note,
                AddedBy = DbValues.ToDb(entry.AddedBy),
                AddedAt = DbValues.Time(entry.AddedAt),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
    }

    public async Task<ClubEntry?> GetAsync(ulong channelId, string paperId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(GetSql, Key(channelId, paperId), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<ClubEntry>> ListAsync(ulong channelId, CancellationToken cancellationToken) =>
        QueryAsync(ListSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken);

    public async Task<bool> RemoveAsync(ulong channelId, string paperId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteAsync(new CommandDefinition(RemoveSql, Key(channelId, paperId), cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
    }

    /// <summary>Records a scheduled session (its announcement, thread and the reminder it owes); a reschedule owes a new reminder.</summary>
    public async Task ScheduleAsync(ClubEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(ScheduleSql, new
            {
                ChannelId = DbValues.ToDb(entry.ChannelId),
                entry.PaperId,
                SessionDate = entry.SessionDate is { } d ? DbValues.Date(d) : null,
                PresenterId = entry.PresenterId is { } p ? DbValues.ToDb(p) : (long?)null,
                AnnouncementId = entry.AnnouncementId is { } a ? DbValues.ToDb(a) : (long?)null,
                ThreadId = entry.ThreadId is { } t ? DbValues.ToDb(t) : (long?)null,
                ReminderDue = entry.ReminderDue is { } r ? DbValues.Time(r) : null,
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Scheduled entries whose reminder is owed at <paramref name="now"/> and not yet sent.</summary>
    public Task<IReadOnlyList<ClubEntry>> DueRemindersAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QueryAsync(DueSql, new { Now = DbValues.Time(now) }, cancellationToken);

    /// <summary>The earliest reminder still owed, or null when none is.</summary>
    public async Task<DateTimeOffset?> NextReminderAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(NextDueSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return text is null ? null : DbValues.ParseTime(text);
        }
    }

    /// <summary>
    /// Claims an owed reminder for sending until <paramref name="until"/>; false when it was sent or another
    /// process holds a live claim on it.
    /// </summary>
    public async Task<bool> ClaimReminderAsync(ulong channelId, string paperId, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var claimed = await connection.QueryAsync<string>(new CommandDefinition(ClaimSql, new
            {
                ChannelId = DbValues.ToDb(channelId),
                PaperId = paperId,
                Now = DbValues.Time(now),
                Until = DbValues.Time(until),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return claimed.Any();
        }
    }

    /// <summary>Marks the reminder sent: it is never sent again, whatever restarts follow.</summary>
    public async Task MarkRemindedAsync(ulong channelId, string paperId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(RemindedSql, new
            {
                ChannelId = DbValues.ToDb(channelId),
                PaperId = paperId,
                At = DbValues.Time(at),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Moves a queued paper into the sessions held, in one transaction; null when it was not queued.</summary>
    public async Task<ClubSession?> CompleteAsync(ulong channelId, string paperId, ulong doneBy, DateTimeOffset doneAt, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var rows = await connection.QueryAsync<Row>(new CommandDefinition(TakeSql, Key(channelId, paperId), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (rows.FirstOrDefault() is not { } row)
                {
                    return null;
                }

                var entry = ToEntry(row);
                var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(InsertSessionSql, new
                {
                    GuildId = DbValues.ToDb(entry.GuildId),
                    ChannelId = DbValues.ToDb(entry.ChannelId),
                    entry.PaperId,
                    row.SessionDate,
                    row.PresenterId,
                    row.ThreadId,
                    entry.Note,
                    DoneBy = DbValues.ToDb(doneBy),
                    DoneAt = DbValues.Time(doneAt),
                }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new ClubSession
                {
                    SessionId = id,
                    GuildId = entry.GuildId,
                    ChannelId = entry.ChannelId,
                    PaperId = entry.PaperId,
                    SessionDate = entry.SessionDate,
                    PresenterId = entry.PresenterId,
                    ThreadId = entry.ThreadId,
                    Note = entry.Note,
                    DoneBy = doneBy,
                    DoneAt = DbValues.TruncateToStored(doneAt),
                };
            }
        }
    }

    /// <summary>The sessions a server held on a paper, newest first; another server's are never included.</summary>
    public async Task<IReadOnlyList<ClubSession>> SessionsForPaperAsync(ulong guildId, string paperId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<SessionRow>(new CommandDefinition(SessionsForPaperSql, new { GuildId = DbValues.ToDb(guildId), PaperId = paperId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new ClubSession
            {
                SessionId = r.SessionId,
                GuildId = DbValues.FromDb(r.GuildId),
                ChannelId = DbValues.FromDb(r.ChannelId),
                PaperId = r.PaperId,
                SessionDate = r.SessionDate is { } d ? DbValues.ParseDate(d) : null,
                PresenterId = r.PresenterId is { } p ? DbValues.FromDb(p) : null,
                ThreadId = r.ThreadId is { } t ? DbValues.FromDb(t) : null,
                Note = r.Note,
                DoneBy = DbValues.FromDb(r.DoneBy),
                DoneAt = DbValues.ParseTime(r.DoneAt),
            })];
        }
    }

    private static object Key(ulong channelId, string paperId) => new { ChannelId = DbValues.ToDb(channelId), PaperId = paperId };

    private async Task<IReadOnlyList<ClubEntry>> QueryAsync(string sql, object args, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(ToEntry)];
        }
    }

    private static ClubEntry ToEntry(Row row) => new()
    {
        ChannelId = DbValues.FromDb(row.ChannelId),
        PaperId = row.PaperId,
        GuildId = DbValues.FromDb(row.GuildId),
        Note = row.Note,
        AddedBy = DbValues.FromDb(row.AddedBy),
        AddedAt = DbValues.ParseTime(row.AddedAt),
        SessionDate = row.SessionDate is { } d ? DbValues.ParseDate(d) : null,
        PresenterId = row.PresenterId is { } p ? DbValues.FromDb(p) : null,
        AnnouncementId = row.AnnouncementId is { } a ? DbValues.FromDb(a) : null,
        ThreadId = row.ThreadId is { } t ? DbValues.FromDb(t) : null,
        ReminderDue = row.ReminderDue is { } r ? DbValues.ParseTime(r) : null,
        RemindedAt = row.RemindedAt is { } at ? DbValues.ParseTime(at) : null,
    };

    private sealed record Row(
        long ChannelId, string PaperId, long GuildId, string? Note, long AddedBy, string AddedAt, string? SessionDate,
        long? PresenterId, long? AnnouncementId, long? ThreadId, string? ReminderDue, string? RemindedAt);

    private sealed record SessionRow(
        long SessionId, long GuildId, long ChannelId, string PaperId, string? SessionDate, long? PresenterId, long? ThreadId,
        string? Note, long DoneBy, string DoneAt);
}
