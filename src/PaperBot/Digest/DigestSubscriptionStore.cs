using System.Data.Common;
using System.Globalization;
using Dapper;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>
/// <c>digest_subscriptions</c>: one row per subscribed channel, with the instant its next batch is owed
/// (<c>next_due_at</c>, <see cref="DigestSchedule.NextRun"/> of the row) kept beside it, so the digest loop reads the
/// channels that are due and the earliest due time instead of every subscription at every pass.
/// </summary>
public sealed class DigestSubscriptionStore(StateDatabase connections)
{
    private const string Columns = """
        channel_id AS ChannelId, guild_id AS GuildId, topics AS Topics, post_time AS PostTime, time_zone AS TimeZone,
        max_papers AS MaxPapers, days AS Days, rank_by AS RankBy, created_at AS CreatedAt, last_batch_date AS LastBatchDate,
        paused_reason AS PausedReason, paused_at AS PausedAt, next_due_at AS NextDueAt
        """;

    private const string GetSql = $"SELECT {Columns} FROM digest_subscriptions WHERE channel_id = @ChannelId";

    private const string ListGuildSql = $"SELECT {Columns} FROM digest_subscriptions WHERE guild_id = @GuildId ORDER BY channel_id";

    private const string ListAllSql = $"SELECT {Columns} FROM digest_subscriptions ORDER BY channel_id";

    // A row without a due time is one written before the column existed or one whose time zone this machine
    // cannot read: it is listed at every pass, so the runner gives it a time or logs its failure, as before. A channel
    // with a batch still open is listed whatever its time, paused or not, so the runner knows what to do with it.
    private const string ListDueSql = $"""
        SELECT {Columns} FROM digest_subscriptions
        WHERE (paused_reason IS NULL AND (next_due_at IS NULL OR next_due_at <= @Now))
           OR channel_id IN (SELECT channel_id FROM digest_batches WHERE completed_at IS NULL)
        ORDER BY channel_id
        """;

    private const string EarliestDueSql = "SELECT MIN(next_due_at) FROM digest_subscriptions WHERE paused_reason IS NULL";

    // Only over the row the time was computed from: a subscription changed or a batch planned since (by this process
    // or another) has stored its own time, which must not be overwritten with one computed from the older row.
    private const string SetNextDueSql = """
        UPDATE digest_subscriptions SET next_due_at = @NextDue
        WHERE channel_id = @ChannelId AND created_at = @CreatedAt AND COALESCE(last_batch_date, '') = @LastBatchDate
        """;

    // A changed subscription starts afresh: CreatedAt moves and a pause is lifted (the user fixed
    // permissions or re-subscribed); the last batch date stays so today's batch is not repeated.
    private const string UpsertSql = """
        INSERT INTO digest_subscriptions (channel_id, guild_id, topics, post_time, time_zone, max_papers, days, rank_by, created_at, last_batch_date, paused_reason, paused_at)
        VALUES (@ChannelId, @GuildId, @Topics, @PostTime, @TimeZone, @MaxPapers, @Days, @RankBy, @CreatedAt, @LastBatchDate, NULL, NULL)
        ON CONFLICT (channel_id) DO UPDATE SET
            guild_id = excluded.guild_id, topics = excluded.topics, post_time = excluded.post_time,
            time_zone = excluded.time_zone, max_papers = excluded.max_papers, days = excluded.days, rank_by = excluded.rank_by,
            created_at = excluded.created_at, paused_reason = NULL, paused_at = NULL
        """;

    private const string DeleteSql = "DELETE FROM digest_subscriptions WHERE channel_id = @ChannelId";

    private const string PauseSql = """
        UPDATE digest_subscriptions SET paused_reason = @Reason, paused_at = @At
        WHERE channel_id = @ChannelId AND paused_reason IS NULL
        """;

    private bool dueTimesChecked;

    public async Task<DigestSubscription?> GetAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(GetSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<DigestSubscription>> ListByGuildAsync(ulong guildId, CancellationToken cancellationToken) =>
        QueryAsync(ListGuildSql, new { GuildId = DbValues.ToDb(guildId) }, cancellationToken);

    /// <summary>
    /// The subscriptions that may owe a batch at <paramref name="now"/> (not paused, and due by their stored time or
    /// without one) and those of channels with a batch still open. A listed row whose stored time is out of step
    /// with its schedule gets the right one stored. The first listing in a process first checks every stored time
    /// against this machine's time zone rules (<see cref="RefreshAllDueTimesAsync"/>), so a time written under older
    /// rules is never waited for.
    /// </summary>
    public async Task<IReadOnlyList<DigestSubscription>> ListDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!Volatile.Read(ref dueTimesChecked))
        {
            await RefreshAllDueTimesAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref dueTimesChecked, true);
        }

        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = (await connection.QueryAsync<Row>(new CommandDefinition(ListDueSql, new { Now = DbValues.Time(now) }, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            var listed = new List<DigestSubscription>(rows.Count);
            foreach (var row in rows)
            {
                var subscription = ToSubscription(row);
                await SetDueTimeAsync(connection, null, row, subscription, cancellationToken).ConfigureAwait(false);
                listed.Add(subscription);
            }

            return listed;
        }
    }

    /// <summary>The earliest stored due time of a subscription that is not paused, or null when there is none.</summary>
    public async Task<DateTimeOffset?> EarliestDueAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(EarliestDueSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return text is null ? null : DbValues.ParseTime(text);
        }
    }

    /// <summary>Computes every subscription's due time again and stores those that changed.</summary>
    private async Task RefreshAllDueTimesAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(ListAllSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var row in rows)
            {
                await SetDueTimeAsync(connection, null, row, ToSubscription(row), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Recomputes a channel's due time from its row, inside the caller's transaction (which has written the row, so
    /// it holds the row's lock and no other writer can slip in between the read and the update).
    /// </summary>
    internal static async Task RefreshDueTimeAsync(DbConnection connection, DbTransaction transaction, long channelId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(GetSql, new { ChannelId = channelId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (rows.FirstOrDefault() is { } row)
        {
            await SetDueTimeAsync(connection, transaction, row, ToSubscription(row), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task UpsertAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var channelId = DbValues.ToDb(subscription.ChannelId);
                await connection.ExecuteAsync(new CommandDefinition(UpsertSql, UpsertArgs(subscription), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

                // The row keeps its last batch date across an upsert, so its due time is computed from the row as stored.
                await RefreshDueTimeAsync(connection, transaction, channelId, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static object UpsertArgs(DigestSubscription subscription) => new
    {
        ChannelId = DbValues.ToDb(subscription.ChannelId),
        GuildId = DbValues.ToDb(subscription.GuildId),
        Topics = string.IsNullOrWhiteSpace(subscription.Topics) ? null : subscription.Topics.Trim(),
        PostTime = subscription.Time.ToString("HH:mm", CultureInfo.InvariantCulture),
        TimeZone = subscription.TimeZoneId,
        MaxPapers = subscription.Max,
        Days = DaysText(subscription.Days),
        RankBy = LikeText(subscription.Like),
        CreatedAt = DbValues.Time(subscription.CreatedAt),
        LastBatchDate = subscription.LastBatchDate is { } d ? DbValues.Date(d) : null,
    };

    // A time zone this machine cannot read stores no due time: the row is then listed at every pass, and the runner
    // logs its failure as it always has. Nothing is written when the stored time is already right.
    private static async Task SetDueTimeAsync(DbConnection connection, DbTransaction? transaction, Row row, DigestSubscription subscription, CancellationToken cancellationToken)
    {
        var nextDue = DigestSchedule.TryFindZone(subscription.TimeZoneId, out _) ? DbValues.Time(DigestSchedule.NextRun(subscription)) : null;
        if (nextDue != row.NextDueAt)
        {
            var args = new { row.ChannelId, NextDue = nextDue, row.CreatedAt, LastBatchDate = row.LastBatchDate ?? "" };
            await connection.ExecuteAsync(new CommandDefinition(SetNextDueSql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<bool> DeleteAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return rows > 0;
        }
    }

    /// <summary>Pauses a subscription (first reason wins); <c>/digest subscribe</c> lifts it.</summary>
    public async Task PauseAsync(ulong channelId, string reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(PauseSql, new { ChannelId = DbValues.ToDb(channelId), Reason = reason, At = DbValues.Time(at) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    internal static string DaysText(DigestDays days) => days == DigestDays.Daily ? "daily" : "weekdays";

    internal static string LikeText(DigestLike like) => like == DigestLike.Saves ? "saves" : "topics";

    private async Task<IReadOnlyList<DigestSubscription>> QueryAsync(string sql, object? args, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(ToSubscription)];
        }
    }

    private static DigestSubscription ToSubscription(Row row) => new()
    {
        ChannelId = DbValues.FromDb(row.ChannelId),
        GuildId = DbValues.FromDb(row.GuildId),
        Topics = row.Topics,
        Time = TimeOnly.ParseExact(row.PostTime, "HH:mm", CultureInfo.InvariantCulture),
        TimeZoneId = row.TimeZone,
        Max = (int)row.MaxPapers,
        Days = row.Days == "daily" ? DigestDays.Daily : DigestDays.Weekdays,
        Like = row.RankBy == "saves" ? DigestLike.Saves : DigestLike.Topics,
        CreatedAt = DbValues.ParseTime(row.CreatedAt),
        LastBatchDate = row.LastBatchDate is { } d ? DbValues.ParseDate(d) : null,
        PausedReason = row.PausedReason,
        PausedAt = row.PausedAt is { } p ? DbValues.ParseTime(p) : null,
    };

    private sealed record Row(
        long ChannelId, long GuildId, string? Topics, string PostTime, string TimeZone, long MaxPapers, string Days, string RankBy,
        string CreatedAt, string? LastBatchDate, string? PausedReason, string? PausedAt, string? NextDueAt);
}
