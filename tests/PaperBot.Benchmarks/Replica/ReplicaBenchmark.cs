using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PaperBot.Benchmarks.Harness;
using PaperBot.Benchmarks.Search;
using PaperBot.Cli;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Shared;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Benchmarks.Replica;

/// <summary>
/// Shared papers (Storage:Provider = postgres): an embedded store of N synthetic papers is migrated to PostgreSQL,
/// a new process's read model is built from it (papers/s), and the same queries are timed on both files.
/// Needs PAPERBOT_TEST_POSTGRES (a server connection string; .ci/postgres start prints one).
/// </summary>
internal static class ReplicaBenchmark
{
    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var server = Environment.GetEnvironmentVariable("PAPERBOT_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            Console.WriteLine("replica: skipped, PAPERBOT_TEST_POSTGRES is not set");
            return;
        }

        var count = args.Papers ?? (args.Smoke ? 2_000 : 100_000);
        var queries = args.Smoke ? 20 : 200;
        var dir = Path.Combine(args.WorkDirectory, $"replica-{count}");
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var name = "pbbench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {name}", ct);
        var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        try
        {
            var corpus = new SyntheticCorpus(rareWords: args.Smoke ? 2_000 : 30_000);
            var embeddedPath = Path.Combine(dir, "embedded.db");
            var embedded = new SqliteConnectionFactory(embeddedPath);
            await new DatabaseMigrator(embedded, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(ct);
            var store = new PaperStore(embedded, TimeProvider.System);
            foreach (var chunk in corpus.Papers(count, 20261203).Chunk(5_000))
            {
                await store.UpsertManyAsync(chunk, ct);
            }

            Console.WriteLine($"replica: {count:N0} papers, PostgreSQL database {name}, in {dir}");
            var migrate = Stopwatch.StartNew();
            using (var quiet = new StringWriter())
            {
                var exit = await PaperBotCli.RunAsync(["--db", embeddedPath, "migrate", "--to", "postgres", "--connection", cs], quiet, quiet, ct);
                if (exit != 0)
                {
                    throw new InvalidOperationException($"migrate failed: {quiet}");
                }
            }

            migrate.Stop();

            var replicaPath = Path.Combine(dir, "replica.db");
            var local = new SqliteConnectionFactory(replicaPath);
            await new DatabaseMigrator(local, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(ct);
            await using var shared = new PostgresDatabase(cs);
            var replica = new PaperReplica(new PaperSharing(shared), local, TimeProvider.System, NullLogger<PaperReplica>.Instance);
            var build = Stopwatch.StartNew();
            await replica.PullAsync(ct);
            build.Stop();

            var table = new Table("measure", "embedded", "postgres mode (read model)", "ratio / target");
            table.Add("migrate to PostgreSQL papers/s", "", Rate(count / migrate.Elapsed.TotalSeconds), "");
            table.Add("read model build papers/s", "", Rate(count / build.Elapsed.TotalSeconds), $"{build.Elapsed.TotalSeconds:0.0} s");
            var searchEmbedded = new PaperSearch(embedded, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);
            var searchReplica = new PaperSearch(local, TimeProvider.System, Options.Create(new SearchOptions()), NullLogger<PaperSearch>.Instance);
            await searchEmbedded.SearchAsync(new SearchRequest(corpus.Vocabulary[^1]), ct);
            await searchReplica.SearchAsync(new SearchRequest(corpus.Vocabulary[^1]), ct);
            await searchEmbedded.FrequentWordsCounted;
            await searchReplica.FrequentWordsCounted;
            var random = new Random(7);
            var kinds = new (string Name, Func<Random, string> Make)[]
            {
                ("rare term", r => corpus.Vocabulary[r.Next(corpus.Vocabulary.Count / 2, corpus.Vocabulary.Count)]),
                ("multi-term (2-3 mid)", r => string.Join(' ', Enumerable.Range(0, r.Next(2, 4)).Select(_ => corpus.Vocabulary[r.Next(100, corpus.HeadCount)]))),
                ("common pair", r => corpus.Vocabulary[r.Next(0, 15)] + " " + corpus.Vocabulary[r.Next(0, 15)]),
            };
            foreach (var (kind, make) in kinds)
            {
                var warm = Enumerable.Range(0, 20).Select(_ => make(random)).ToList();
                var measured = Enumerable.Range(0, queries).Select(_ => make(random)).ToList();
                // Interleaved per kind, the same strings on both files, so both see the same machine load.
                var a = await Latencies.MeasureAsync(warm, measured, q => searchEmbedded.SearchAsync(new SearchRequest(q, Limit: 10), ct));
                var b = await Latencies.MeasureAsync(warm, measured, q => searchReplica.SearchAsync(new SearchRequest(q, Limit: 10), ct));
                table.Add($"{kind} p99", a.P99, b.P99, $"{b.Percentile(99) / a.Percentile(99):0.00}x (target <= 1.2x)");
            }

            Console.WriteLine();
            Console.WriteLine($"replica benchmark, {count:N0} papers ({Environment.ProcessorCount} cores)");
            table.Print(Console.Out);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", CancellationToken.None);
        }
    }

    private static string Rate(double perSecond) => $"{perSecond:N0}";

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
