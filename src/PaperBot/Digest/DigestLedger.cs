using System.Data.Common;
using Dapper;
using PaperBot.Chat;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>
/// The exactly-once record of digest posts: every message of a batch is written down before anything is
/// sent and marked with its message id once Discord accepted it, so a restart sends what is missing
/// and never repeats what went out. <c>digest_batches</c> + <c>digest_ledger</c>.
/// </summary>
public sealed class DigestLedger(StateDatabase connections)
{
    private const string InsertScheduledSql = """
        INSERT INTO digest_batches (channel_id, guild_id, local_date, kind, topics, since, planned_at)
        VALUES (@ChannelId, @GuildId, @LocalDate, 'scheduled', @Topics, @Since, @PlannedAt)
        ON CONFLICT (channel_id, local_date) WHERE kind = 'scheduled' DO NOTHING
        RETURNING batch_id
        """;

    private const string InsertManualSql = """
        INSERT INTO digest_batches (channel_id, guild_id, local_date, kind, topics, since, planned_at)
        VALUES (@ChannelId, @GuildId, @LocalDate, 'manual', @Topics, @Since, @PlannedAt)
        RETURNING batch_id
        """;

    private const string InsertEntrySql = """
        INSERT INTO digest_ledger (batch_id, position, channel_id, paper_id, reason)
        VALUES (@BatchId, @Position, @ChannelId, @PaperId, @Reason)
        ON CONFLICT DO NOTHING
        """;

    private const string SetLastBatchDateSql = """
        UPDATE digest_subscriptions SET last_batch_date = @LocalDate
        WHERE channel_id = @ChannelId AND (last_batch_date IS NULL OR last_batch_date < @LocalDate)
        """;

    private const string CompleteSql = "UPDATE digest_batches SET completed_at = @At WHERE batch_id = @BatchId AND completed_at IS NULL";

    private const string LastPlannedAtSql = "SELECT MAX(planned_at) FROM digest_batches WHERE channel_id = @ChannelId";

    // Dapper expands IN @Ids into one parameter per id for SQLite; Npgsql takes the list as one array.
    private const string AlreadyPlannedSql = """
        SELECT paper_id FROM digest_ledger WHERE channel_id = @ChannelId AND paper_id IN @Ids
        """;

    private const string AlreadyPlannedPostgresSql = """
        SELECT paper_id FROM digest_ledger WHERE channel_id = @ChannelId AND paper_id = ANY(@Ids)
        """;

    private const string BatchColumns = """
        batch_id AS BatchId, channel_id AS ChannelId, guild_id AS GuildId, local_date AS LocalDate, kind AS Kind,
        topics AS Topics, since AS Since, planned_at AS PlannedAt, completed_at AS CompletedAt
        """;

    private const string OpenBatchesSql = $"SELECT {BatchColumns} FROM digest_batches WHERE completed_at IS NULL ORDER BY batch_id";

    private const string GetBatchSql = $"SELECT {BatchColumns} FROM digest_batches WHERE batch_id = @BatchId";

    private const string EntriesSql = """
        SELECT batch_id AS BatchId, position AS Position, channel_id AS ChannelId, paper_id AS PaperId,
               message_id AS MessageId, sent_at AS SentAt, reacted_at AS ReactedAt, reason AS Reason
        FROM digest_ledger WHERE batch_id = @BatchId ORDER BY position
        """;

    private const string MarkSentSql = """
        UPDATE digest_ledger SET message_id = @MessageId, sent_at = @At
        WHERE batch_id = @BatchId AND position = @Position AND message_id IS NULL
        """;

    private const string MarkReactedSql = "UPDATE digest_ledger SET reacted_at = @At WHERE batch_id = @BatchId AND position = @Position";

    /// <summary>
    /// Writes the batch and its entries in one transaction. Returns null when a scheduled batch for that
    /// channel and local date already exists. A paper the channel already has is left out.
    /// An empty plan is recorded as a completed batch (it still counts as the day's batch).
    /// </summary>
    public async Task<long?> PlanAsync(DigestBatchPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var channel = DbValues.ToDb(plan.ChannelId);
                var args = new
                {
                    ChannelId = channel,
                    GuildId = DbValues.ToDb(plan.GuildId),
                    LocalDate = DbValues.Date(plan.LocalDate),
                    plan.Topics,
                    Since = DbValues.Time(plan.Since),
                    PlannedAt = DbValues.Time(plan.PlannedAt),
                };
                var sql = plan.Kind == DigestBatchKind.Scheduled ? InsertScheduledSql : InsertManualSql;
                var batchId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (batchId is not { } id)
                {
                    return null;
                }

                if (plan.PaperIds.Count > 0)
                {
                    await Execute(connection, transaction, InsertEntrySql, new { BatchId = id, Position = 0, ChannelId = channel, PaperId = (string?)null, Reason = (string?)null }, cancellationToken).ConfigureAwait(false);
                    for (var i = 0; i < plan.PaperIds.Count; i++)
                    {
                        await Execute(connection, transaction, InsertEntrySql, new { BatchId = id, Position = i + 1, ChannelId = channel, PaperId = plan.PaperIds[i], Reason = plan.Reasons?.GetValueOrDefault(plan.PaperIds[i]) }, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    await Execute(connection, transaction, CompleteSql, new { BatchId = id, At = DbValues.Time(plan.PlannedAt) }, cancellationToken).ConfigureAwait(false);
                }

                if (plan.Kind == DigestBatchKind.Scheduled)
                {
                    await Execute(connection, transaction, SetLastBatchDateSql, new { ChannelId = channel, LocalDate = DbValues.Date(plan.LocalDate) }, cancellationToken).ConfigureAwait(false);
                    await DigestSubscriptionStore.RefreshDueTimeAsync(connection, transaction, channel, cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return id;
            }
        }
    }

    /// <summary>When the channel's latest batch was planned: the next batch takes papers first seen after it.</summary>
    public async Task<DateTimeOffset?> LastPlannedAtAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(LastPlannedAtSql, new { ChannelId = DbValues.ToDb(channelId) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return text is null ? null : DbValues.ParseTime(text);
        }
    }

    /// <summary>The ids among <paramref name="paperIds"/> already planned for (or sent to) the channel.</summary>
    public async Task<IReadOnlySet<string>> AlreadyPlannedAsync(ulong channelId, IReadOnlyCollection<string> paperIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperIds);
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (paperIds.Count == 0)
        {
            return found;
        }

        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // SQLite allows 32766 parameters; chunk well below that.
            foreach (var chunk in paperIds.Chunk(500))
            {
                var rows = await connection.QueryAsync<string>(new CommandDefinition(connections.Sql(AlreadyPlannedSql, AlreadyPlannedPostgresSql), new { ChannelId = DbValues.ToDb(channelId), Ids = chunk }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                found.UnionWith(rows);
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<DigestBatch>> OpenBatchesAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<BatchRow>(new CommandDefinition(OpenBatchesSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(ToBatch)];
        }
    }

    public async Task<DigestBatch?> GetBatchAsync(long batchId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleOrDefaultAsync<BatchRow>(new CommandDefinition(GetBatchSql, new { BatchId = batchId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row is null ? null : ToBatch(row);
        }
    }

    public async Task<IReadOnlyList<DigestLedgerEntry>> EntriesAsync(long batchId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<EntryRow>(new CommandDefinition(EntriesSql, new { BatchId = batchId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(r => new DigestLedgerEntry(
                r.BatchId,
                (int)r.Position,
                DbValues.FromDb(r.ChannelId),
                r.PaperId,
                r.MessageId is { } m ? DbValues.FromDb(m) : null,
                r.SentAt is { } s ? DbValues.ParseTime(s) : null,
                r.ReactedAt is { } a ? DbValues.ParseTime(a) : null,
                r.Reason))];
        }
    }

    /// <summary>
    /// Marks an entry sent and records the message in <c>posted_messages</c>, atomically. Deliberately not
    /// cancellable: once Discord accepted a message, forgetting it would post it twice after a restart.
    /// </summary>
    public async Task MarkSentAsync(DigestLedgerEntry entry, PostedMessage message)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(message);
        var connection = await connections.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await Execute(connection, transaction, MarkSentSql, new
                {
                    entry.BatchId,
                    entry.Position,
                    MessageId = DbValues.ToDb(message.MessageId),
                    At = DbValues.Time(message.PostedAt),
                }, CancellationToken.None).ConfigureAwait(false);
                await PostedMessageStore.RecordAsync(connection, transaction, message, CancellationToken.None).ConfigureAwait(false);
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public Task MarkReactedAsync(DigestLedgerEntry entry, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ExecuteAsync(MarkReactedSql, new { entry.BatchId, entry.Position, At = DbValues.Time(at) }, cancellationToken);
    }

    public Task CompleteAsync(long batchId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ExecuteAsync(CompleteSql, new { BatchId = batchId, At = DbValues.Time(at) }, cancellationToken);

    private async Task ExecuteAsync(string sql, object args, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private static Task<int> Execute(DbConnection connection, DbTransaction transaction, string sql, object args, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken));

    private static DigestBatch ToBatch(BatchRow r) => new(
        r.BatchId,
        DbValues.FromDb(r.ChannelId),
        DbValues.FromDb(r.GuildId),
        DbValues.ParseDate(r.LocalDate),
        r.Kind == "manual" ? DigestBatchKind.Manual : DigestBatchKind.Scheduled,
        r.Topics,
        DbValues.ParseTime(r.Since),
        DbValues.ParseTime(r.PlannedAt),
        r.CompletedAt is { } c ? DbValues.ParseTime(c) : null);

    private sealed record BatchRow(long BatchId, long ChannelId, long GuildId, string LocalDate, string Kind, string? Topics, string Since, string PlannedAt, string? CompletedAt);

    private sealed record EntryRow(long BatchId, long Position, long ChannelId, string? PaperId, long? MessageId, string? SentAt, string? ReactedAt, string? Reason);
}
