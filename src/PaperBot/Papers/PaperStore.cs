using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using PaperBot.Papers.Shared;
using PaperBot.Storage;

namespace PaperBot.Papers;

/// <summary>
/// The papers table: one row per arXiv id, merged from every source that mentions it. With shared papers
/// (<c>Storage:Provider = postgres</c>) writes go to the shared table and reads to the local read model
/// (<see cref="PaperReplica"/>), which a write brings up to date before it returns.
/// </summary>
public sealed class PaperStore(SqliteConnectionFactory connectionFactory, TimeProvider timeProvider, PaperReplica? replica = null)
{
    private const string CountSql = "SELECT count(*) FROM papers";

    private const string GetManySql = $"""
        SELECT {PaperRows.Columns}
        FROM papers AS p
        WHERE p.id IN (SELECT value FROM json_each($ids))
        """;

    private const string NewestSql = $"""
        SELECT {PaperRows.Columns}
        FROM papers AS p
        ORDER BY p.published DESC, p.first_seen DESC
        LIMIT $count
        """;

    private const string FirstSeenSinceSql = $"""
        SELECT {PaperRows.Columns}
        FROM papers AS p
        WHERE p.first_seen >= $since
        ORDER BY p.first_seen, p.id
        """;

    private const string ExportSql = $"SELECT {PaperRows.Columns} FROM papers AS p ORDER BY p.id";

    // One subquery each: a lone count(*) reads the smallest index and a lone max() one index edge, while the
    // three in one SELECT read every row of the table (seconds at a million papers).
    private const string StatsSql = """
        SELECT (SELECT count(*) FROM papers) AS PaperCount,
               (SELECT max(published) FROM papers) AS NewestPublished,
               (SELECT max(first_seen) FROM papers) AS NewestFirstSeen,
               (SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()) AS DatabaseSizeBytes
        """;

    private const string PerSourceSql = """
        SELECT s.value AS Source, count(*) AS Papers
        FROM papers AS p, json_each(p.sources) AS s
        GROUP BY s.value
        ORDER BY s.value
        """;

    // SQLite's default: checkpoint once the write-ahead log holds 1000 pages (4 MB).
    private const int DefaultAutoCheckpointPages = 1000;

    // Paper batches checkpoint every 64 MB instead. A checkpoint syncs the log and the database file and
    // copies every page written since the last one; an import of 500-paper batches rewrites the same FTS
    // pages batch after batch, so at 4 MB it spent about a third of its time checkpointing (docs/benchmarks.md).
    // The cost is up to 64 MB of log on disk, reused after each checkpoint.
    private const int WriterAutoCheckpointPages = 16_384;

    // And keep half of a connection's usual page cache. An import fills whatever cache it has, mostly with FTS pages
    // it will not read again soon (the next batch's terms land in new segments): with 64 MB the import of a million
    // papers peaked at 294 MiB, at the edge of its 300 MB budget. At 32 MB: 273 MiB, and the same rate (4,575
    // against 4,718 papers/s); at 16 MB, 252 MiB but 4,143 papers/s, as merging the index's big segments reads
    // them again (docs/benchmarks.md). Shrinking frees the pages above it; searches later refill the cache.
    private const int WriterCacheKiB = 32_768;

    public async Task<UpsertOutcome> UpsertAsync(Paper paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var summary = await UpsertManyAsync([paper], cancellationToken).ConfigureAwait(false);
        return summary.Inserted > 0 ? UpsertOutcome.Inserted : summary.Updated > 0 ? UpsertOutcome.Updated : UpsertOutcome.Unchanged;
    }

    /// <summary>Stores a batch in one transaction: all of it or, on failure or cancellation, none of it.</summary>
    public async Task<UpsertSummary> UpsertManyAsync(IEnumerable<Paper> papers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(papers);
        if (replica is { Enabled: true })
        {
            return await replica.WriteAsync(papers, cancellationToken).ConfigureAwait(false);
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await SetWriterPragmasAsync(connection, WriterAutoCheckpointPages, WriterCacheKiB, cancellationToken).ConfigureAwait(false);
            try
            {
                using var transaction = connection.BeginTransaction(deferred: false);
                var summary = Upsert(connection, transaction, papers, cancellationToken);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return summary;
            }
            finally
            {
                // The connection goes back to the pool: leave it as the factory made it.
                await SetWriterPragmasAsync(connection, DefaultAutoCheckpointPages, SqliteConnectionFactory.CacheKiB, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async Task<Paper?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var papers = await GetManyAsync([id], cancellationToken).ConfigureAwait(false);
        return papers.Count > 0 ? papers[0] : null;
    }

    /// <summary>The papers that exist among <paramref name="ids"/> (any arXiv form), in the order asked.</summary>
    public async Task<IReadOnlyList<Paper>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var normalized = ids.Select(NormalizeId).Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (normalized.Length == 0)
        {
            return [];
        }

        var found = await QueryAsync(GetManySql, cmd => cmd.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray(normalized)), cancellationToken)
            .ConfigureAwait(false);
        var byId = found.ToDictionary(p => p.Id, StringComparer.Ordinal);
        return normalized.Where(byId.ContainsKey).Select(id => byId[id]).ToArray();
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>Most recently published first (papers without a date last), then most recently stored.</summary>
    public Task<IReadOnlyList<Paper>> GetNewestAsync(int count, CancellationToken cancellationToken) =>
        QueryAsync(NewestSql, cmd => cmd.Parameters.AddWithValue("$count", Math.Max(0, count)), cancellationToken);

    /// <summary>Papers first stored at or after <paramref name="since"/>, oldest first: what a digest has not posted yet.</summary>
    public Task<IReadOnlyList<Paper>> GetFirstSeenSinceAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        QueryAsync(FirstSeenSinceSql, cmd => cmd.Parameters.AddWithValue("$since", PaperRows.FormatTime(since)), cancellationToken);

    /// <summary>Every paper ordered by id, streamed.</summary>
    public async IAsyncEnumerable<Paper> ExportAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = ExportSql;
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return PaperRows.Read(reader, out _);
                }
            }
        }
    }

    /// <summary>Counts, dates and size of the store. The per-source counts read every row: for the paper count alone, use <see cref="CountAsync"/>.</summary>
    public async Task<StoreStats> GetStatsAsync(CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var row = await connection.QuerySingleAsync<StatsRow>(new CommandDefinition(StatsSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var perSource = await connection.QueryAsync<SourceRow>(new CommandDefinition(PerSourceSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new StoreStats(
                row.PaperCount,
                row.NewestPublished is { } published ? PaperRows.ParseDate(published) : null,
                row.NewestFirstSeen is { } firstSeen ? PaperRows.ParseTime(firstSeen) : null,
                perSource.ToDictionary(s => s.Source, s => s.Papers, StringComparer.Ordinal),
                row.DatabaseSizeBytes);
        }
    }

    /// <summary>Upserts inside a caller's transaction (seeding runs in the start-up one).</summary>
    internal UpsertSummary Upsert(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<Paper> papers, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var summary = default(UpsertSummary);
        using var writer = new PaperWriter(connection, transaction);
        foreach (var paper in papers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            summary = summary.Add(writer.Upsert(paper, now));
        }

        return summary;
    }

    private static async Task SetWriterPragmasAsync(SqliteConnection connection, int checkpointPages, int cacheKiB, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_autocheckpoint = {checkpointPages}; PRAGMA cache_size = -{cacheKiB};";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static string NormalizeId(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "";
        }

        return PaperId.TryNormalize(id, out var normalized) ? normalized : id.Trim();
    }

    private async Task<IReadOnlyList<Paper>> QueryAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            var papers = new List<Paper>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    papers.Add(PaperRows.Read(reader, out _));
                }
            }

            return papers;
        }
    }

    private sealed record StatsRow(long PaperCount, string? NewestPublished, string? NewestFirstSeen, long DatabaseSizeBytes);

    private sealed record SourceRow(string Source, long Papers);
}
