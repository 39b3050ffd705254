using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Benchmarks.Harness;
using PaperBot.Storage;

namespace PaperBot.Benchmarks.Search;

/// <summary>The store a <c>search --keep</c> run left (<c>--dir</c>, <c>--papers</c>), for the verbs that measure one kind of query on it.</summary>
internal static class KeptSearchStore
{
    /// <summary>
    /// The store's connections and its paper count, migrated first as the bot does at start (so a new index is built
    /// before anything is timed); null, with a line saying how to make it, when there is none.
    /// </summary>
    public static async Task<(SqliteConnectionFactory Connections, int Count)?> OpenAsync(BenchmarkArgs args, string verb, CancellationToken ct)
    {
        var count = args.Papers ?? (args.Smoke ? 2_000 : 100_000);
        var path = Path.Combine(args.WorkDirectory, $"search-{count}", "paperbot.db");
        if (!File.Exists(path))
        {
            Console.WriteLine($"{verb}: no store at {path}; run `search --papers {count} --keep --dir {args.WorkDirectory}` first");
            return null;
        }

        var connections = new SqliteConnectionFactory(path);
        var migrate = Stopwatch.StartNew();
        await new DatabaseMigrator(connections, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(ct);
        Console.WriteLine($"{verb}: {count:N0} papers in {path}; migrated in {migrate.Elapsed.TotalSeconds:0.0} s");
        return (connections, count);
    }
}
