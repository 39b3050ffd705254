using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Benchmarks.Harness;
using PaperBot.Benchmarks.Search;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Meaning;

/// <summary>
/// A store of the search benchmark's synthetic papers with a synthetic vector for each (paper row id i gets
/// <see cref="SyntheticVectors.Vector"/>(i)), written as <c>paperbot embed</c> would store them. Kept with --keep.
/// </summary>
internal static class MeaningStore
{
    private const int Seed = 20261128;
    private const int VectorBatch = 10_000;

    /// <summary>The database path, and its size before the vectors were added (0 when an earlier run's store was reused).</summary>
    public static async Task<(string Path, long SizeWithoutVectors)> CreateAsync(BenchmarkArgs args, int count, SyntheticVectors vectors, CancellationToken ct)
    {
        // Named after the vectors too (as the USearch index file is): other centres make other vectors.
        var dir = Path.Combine(args.WorkDirectory, string.Create(CultureInfo.InvariantCulture, $"meaning-{count}-{vectors.Vector(1)[0]:0.000000}"));
        var complete = Path.Combine(dir, "complete");
        var path = Path.Combine(dir, "paperbot.db");
        if (args.Keep && File.Exists(complete))
        {
            Console.WriteLine($"  reusing the store of an earlier run (--keep): {path}");
            return (path, long.Parse(await File.ReadAllTextAsync(complete, ct), CultureInfo.InvariantCulture));
        }

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var connections = new SqliteConnectionFactory(path);
        await new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(ct);
        var store = new PaperStore(connections, TimeProvider.System);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var corpus = new SyntheticCorpus(rareWords: args.Smoke ? 2_000 : 30_000);
        foreach (var chunk in corpus.Papers(count, Seed).Chunk(PaperImporter.DefaultBatchSize))
        {
            await store.UpsertManyAsync(chunk, ct);
        }

        await CheckpointAsync(connections, ct);
        var withoutVectors = FileSize(path);
        Console.WriteLine($"  {count:N0} synthetic papers stored in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        started = System.Diagnostics.Stopwatch.GetTimestamp();
        await WriteVectorsAsync(connections, vectors, ct);
        await CheckpointAsync(connections, ct);
        Console.WriteLine($"  their vectors stored in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        SqliteConnection.ClearAllPools();
        await File.WriteAllTextAsync(complete, withoutVectors.ToString(CultureInfo.InvariantCulture), ct);
        return (path, withoutVectors);
    }

    public static long FileSize(string path) =>
        new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => new FileInfo(p).Length);

    private static async Task WriteVectorsAsync(SqliteConnectionFactory connections, SyntheticVectors vectors, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        var seqs = new List<long>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT seq FROM papers ORDER BY seq";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                seqs.Add(reader.GetInt64(0));
            }
        }

        var stamp = 0;
        foreach (var chunk in seqs.Chunk(VectorBatch))
        {
            // Made before the transaction, in parallel: writing is what a store holds open.
            var made = new QuantizedVector[chunk.Length];
            Parallel.For(0, chunk.Length, i => made[i] = QuantizedVector.From(vectors.Vector(chunk[i])));
            await using var transaction = connection.BeginTransaction();
            await using var write = connection.CreateCommand();
            write.Transaction = transaction;
            write.CommandText = "INSERT INTO paper_vectors (seq, model, stamp, scale, vector) VALUES ($seq, $model, $stamp, $scale, $vector)";
            write.Parameters.AddWithValue("$model", EmbeddingModel.ArcticXs.Name);
            write.Parameters.AddWithValue("$stamp", ++stamp);
            var seq = write.Parameters.Add("$seq", SqliteType.Integer);
            var scale = write.Parameters.Add("$scale", SqliteType.Real);
            var blob = write.Parameters.Add("$vector", SqliteType.Blob);
            for (var i = 0; i < chunk.Length; i++)
            {
                seq.Value = chunk[i];
                scale.Value = (double)made[i].Scale;
                blob.Value = made[i].ToBlob();
                await write.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
        }
    }

    private static async Task CheckpointAsync(SqliteConnectionFactory connections, CancellationToken ct)
    {
        await using var connection = await connections.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await command.ExecuteNonQueryAsync(ct);
    }
}
