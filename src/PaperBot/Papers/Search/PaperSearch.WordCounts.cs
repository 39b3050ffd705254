using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

/// <summary>
/// The word counts <see cref="Bm25Function"/> reuses: kept per state of the full-text index, and in a large
/// store counted ahead in the background whenever that state changes. See docs/search.md.
/// </summary>
public sealed partial class PaperSearch : IDisposable
{
    // FTS5 keeps its structure record (the list of index segments) at this id of its data table; every
    // write to the index changes it. See Bm25Function and TermCounts.
    private const string StructureSql = "SELECT block FROM papers_fts_data WHERE id = 10";

    // fts5vocab has no index on the count: this reads every word's doclist once (about 9 s at a million papers).
    private const string FrequentWordsSql = "SELECT term, doc FROM papers_fts_vocab WHERE doc >= $rows";

    /// <summary>Words in at least this many papers are counted ahead; rarer ones cost under 0.1 ms to count when asked.</summary>
    internal const int FrequentWordRows = 1_000;

    private readonly CancellationTokenSource stopping = new();
    private TermCounts? termCounts;

    /// <summary>
    /// From this many papers on, the frequent words are counted in the background whenever the index has
    /// changed, so that queries find their counts kept. Below it, counting a word when a query first needs it
    /// costs about a millisecond at most.
    /// </summary>
    internal long CountFrequentWordsFrom { get; init; } = 50_000;

    /// <summary>The word counts of the index as the last search saw it (for tests).</summary>
    internal TermCounts? KeptTermCounts => Volatile.Read(ref termCounts);

    /// <summary>The latest background count of the frequent words (for the benchmark and tests to wait on).</summary>
    internal Task FrequentWordsCounted { get; private set; } = Task.CompletedTask;

    /// <summary>
    /// Stops a background count of the frequent words and starts no more: the host is stopping, and the
    /// count's read would hold back the WAL checkpoint on shutdown.
    /// </summary>
    public void StopCounting()
    {
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The host stops services after a run that ended on a fatal error has disposed them: nothing is counting.
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        stopping.Dispose();
    }

    /// <summary>Whether kept word counts apply: they are per word, and a prefix or an author term is another set of rows.</summary>
    private static bool HasOnlyPlainWords(SearchQuery query) =>
        query.PositiveTerms.Concat(query.Exclusions).All(t => !t.IsPrefix && t.Field == SearchField.Any);

    /// <summary>
    /// Brings the kept word counts up to the index as it is now: when the index has changed since they were
    /// taken, in a store of <see cref="CountFrequentWordsFrom"/> papers or more, the background count of its
    /// frequent words starts now. For start-up and after an ingest, so that the first searches need not count.
    /// </summary>
    public async Task PrepareWordCountsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
                await ReadTermCountsAsync(connection, corpus.Size, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            Log.FrequentWordsNotCounted(logger, ex.SqliteErrorCode, ex.Message);
        }
    }

    /// <summary>
    /// The word counts kept for the index as it is now. When it has changed since, new ones, and in a large
    /// store a background count of its frequent words.
    /// </summary>
    private async Task<TermCounts?> ReadTermCountsAsync(SqliteConnection connection, long corpusSize, CancellationToken cancellationToken)
    {
        var structure = await ReadStructureAsync(connection, cancellationToken).ConfigureAwait(false);
        if (structure is null)
        {
            return null;
        }

        var current = Volatile.Read(ref termCounts);
        if (current is not null && current.Structure.AsSpan().SequenceEqual(structure))
        {
            return current;
        }

        var fresh = new TermCounts(structure);
        if (Interlocked.CompareExchange(ref termCounts, fresh, current) == current && corpusSize >= CountFrequentWordsFrom && !stopping.IsCancellationRequested)
        {
            var token = stopping.Token;
            FrequentWordsCounted = Task.Run(() => CountFrequentWordsAsync(fresh, token), CancellationToken.None);
        }

        return fresh;
    }

    private static async Task<byte[]?> ReadStructureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = StructureSql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    /// <summary>
    /// Counts every word in at least <see cref="FrequentWordRows"/> papers into <paramref name="counts"/>, in one
    /// read of the index, if the index is still the one they describe. Runs beside searches, on its own connection.
    /// </summary>
    private async Task CountFrequentWordsAsync(TermCounts counts, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        try
        {
            var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                var structure = await ReadStructureAsync(connection, cancellationToken).ConfigureAwait(false);
                if (structure is null || !counts.Structure.AsSpan().SequenceEqual(structure))
                {
                    return;
                }

                using var command = connection.CreateCommand();
                command.CommandText = FrequentWordsSql;
                command.Parameters.AddWithValue("$rows", FrequentWordRows);
                var words = new List<(string Word, long Rows)>();
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        counts.AddFrequent(reader.GetString(0), reader.GetInt64(1));
                        words.Add((reader.GetString(0), reader.GetInt64(1)));
                    }
                }

                Log.FrequentWordsCounted(logger, words.Count, timeProvider.GetElapsedTime(started).TotalSeconds);
                await MakeCommonListsAsync(connection, words, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex)
        {
            // Searches count the words they need themselves; this only makes them faster.
            Log.FrequentWordsNotCounted(logger, ex.SqliteErrorCode, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
