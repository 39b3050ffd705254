using System.Globalization;
using Dapper;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary><c>digest_subscriptions</c>: one row per subscribed channel.</summary>
public sealed class DigestSubscriptionStore(StateDatabase connections)
{
    private const string Columns = """
        channel_id AS ChannelId, guild_id AS GuildId, topics AS Topics, post_time AS PostTime, time_zone AS TimeZone,
        max_papers AS MaxPapers, days AS Days, rank_by AS RankBy, created_at AS CreatedAt, last_batch_date AS LastBatchDate,
        paused_reason AS PausedReason, paused_at AS PausedAt
        """;

    private const string GetSql = $"SELECT {Columns} FROM digest_subscriptions WHERE channel_id = @ChannelId";

    private const string ListGuildSql = $"SELECT {Columns} FROM digest_subscriptions WHERE guild_id = @GuildId ORDER BY channel_id";

    private const string ListAllSql = $"SELECT {Columns} FROM digest_subscriptions ORDER BY channel_id";

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

    public async Task<DigestSubscription?> GetAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(GetSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<DigestSubscription>> ListByGuildAsync(ulong guildId, CancellationToken cancellationToken) =>
        QueryAsync(ListGuildSql, new { GuildId = DbValues.ToDb(guildId) }, cancellationToken);

    public Task<IReadOnlyList<DigestSubscription>> ListAllAsync(CancellationToken cancellationToken) =>
        QueryAsync(ListAllSql, null, cancellationToken);

    public async Task UpsertAsync(DigestSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(UpsertSql, new
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
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
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
        string CreatedAt, string? LastBatchDate, string? PausedReason, string? PausedAt);
}
