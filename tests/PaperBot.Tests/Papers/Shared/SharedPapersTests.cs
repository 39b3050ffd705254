using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Shared;

/// <summary>Papers shared over PostgreSQL: every process writes to the shared tables and searches its own local read model.</summary>
public sealed class SharedPapersTests
{
    private static readonly long Samples = SampleData.Load().Count;

    private static readonly Paper Sparse = new()
    {
        Id = "2403.04567",
        Title = "Quokka Routing for Sparse Mixture Models",
        Abstract = "We route tokens to experts with a learned quokka gate.",
        Authors = ["A. Author"],
        Categories = ["cs.LG"],
        Sources = ["import"],
    };

    [PostgresFact]
    public async Task Show_PaperFetchedThroughOneBot_PulledOnNotifyAndFoundByTheOtherBotsSearch()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var arxiv = new FakeArxiv();
        arxiv.Add("2402.01234", "Pasted Paper About Wombat Retrieval");
        var shared = new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = db.ConnectionString };
        await using var first = await BotHarness.StartAsync(new Dictionary<string, string?>(shared.Concat(arxiv.Settings())));
        // Only the writer's notification can bring the paper within the test: the poll would wait an hour.
        await using var second = await BotHarness.StartAsync(new Dictionary<string, string?>(shared) { ["Replica:PollInterval"] = "01:00:00" });

        // The writing process answers from its own write at once.
        var card = await first.FinalMessageAsync(await first.SlashAsync("paper", "show", ("id", "2402.01234")));
        Assert.Equal("Pasted Paper About Wombat Retrieval", card.Embeds[0]!["title"]!.GetValue<string>());

        var theirStore = second.Host.Services.GetRequiredService<PaperStore>();
        for (var waited = 0; waited < 200 && await theirStore.GetAsync("2402.01234", CancellationToken.None) is null; waited++)
        {
            await Task.Delay(50);
        }

        var found = await second.FinalMessageAsync(await second.SlashAsync("paper", "search", ("query", "wombat retrieval")));
        Assert.Contains("(https://arxiv.org/abs/2402.01234)", found.Embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // Both read the one first-seen time the shared row holds: a digest in either calls the same papers new.
        var mine = await first.Host.Services.GetRequiredService<PaperStore>().GetAsync("2402.01234", CancellationToken.None);
        var theirs = await second.Host.Services.GetRequiredService<PaperStore>().GetAsync("2402.01234", CancellationToken.None);
        Assert.Equal(mine!.FirstSeen, theirs!.FirstSeen);
        first.AssertClean();
        second.AssertClean();
    }

    [PostgresFact]
    public async Task Upsert_ChangedAbstract_ReplicatedAndEmbeddedOnceForTheFleet()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var a = await SharedProcess.StartAsync(db.ConnectionString);
        await using var b = await SharedProcess.StartAsync(db.ConnectionString);

        await a.Papers.UpsertAsync(Sparse, CancellationToken.None);
        Assert.Equal(1, await a.Backfill.RunAsync(null, CancellationToken.None));
        // b pulls under the embedding claim, finds the vector a wrote, and embeds nothing.
        Assert.Equal(0, await b.Backfill.RunAsync(null, CancellationToken.None));
        // The new shared database was seeded with the sample papers and their vectors, as a new embedded store is.
        Assert.Equal((Samples + 1, Samples + 1), await b.Vectors.CoverageAsync(b.Model, CancellationToken.None));

        await a.Papers.UpsertAsync(Sparse with { Version = 2, Abstract = "We route tokens with a learned platypus gate." }, CancellationToken.None);
        await b.Replica.PullAsync(CancellationToken.None);
        var replicated = await b.Papers.GetAsync(Sparse.Id, CancellationToken.None);
        Assert.Equal("We route tokens with a learned platypus gate.", replicated!.Abstract);
        Assert.Equal(2, replicated.Version);
        // The stale vector is gone everywhere; the next backfill, in whichever process runs first, embeds it once.
        Assert.Equal((Samples, Samples + 1), await b.Vectors.CoverageAsync(b.Model, CancellationToken.None));
        Assert.Equal(1, await b.Backfill.RunAsync(null, CancellationToken.None));
        Assert.Equal(0, await a.Backfill.RunAsync(null, CancellationToken.None));
        Assert.Equal((Samples + 1, Samples + 1), await a.Vectors.CoverageAsync(a.Model, CancellationToken.None));
        Assert.Equal(Samples + 1, await CountAsync(db, "SELECT count(*) FROM paper_vectors"));
    }

    [PostgresFact]
    public async Task Start_EmptyLocalFile_BuildsTheReadModelFromTheSharedDatabase()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using (var writer = await SharedProcess.StartAsync(db.ConnectionString))
        {
            await writer.Papers.UpsertManyAsync(
                Enumerable.Range(1, 30).Select(i => Sparse with { Id = $"2403.{10000 + i}", Title = $"Quokka Routing Study {i}", Categories = ["q-bio.PE"] }),
                CancellationToken.None);
        }

        await using var fresh = await SharedProcess.StartAsync(db.ConnectionString);

        // The new file holds exactly the shared papers: the samples the new shared database was seeded with, and the 30.
        Assert.Equal(Samples + 30, await fresh.Papers.CountAsync(CancellationToken.None));
        // The read model is an ordinary store: the CLI searches it as it searches an embedded one.
        var search = await CliHarness.RunOnAsync(fresh.DatabasePath, "search", "quokka routing study", "--limit", "50");
        Assert.Equal(0, search.ExitCode);
        Assert.Contains("Quokka Routing Study 17", search.Out, StringComparison.Ordinal);
        // A rare category alone is read through the read model's category index, which the pull filled.
        var category = await CliHarness.RunOnAsync(fresh.DatabasePath, "search", "cat:q-bio.PE", "--limit", "50", "--json");
        Assert.Equal(0, category.ExitCode);
        Assert.Equal(30, category.Out.Split('\n').Count(line => line.Contains("\"title\":\"Quokka Routing Study", StringComparison.Ordinal)));
    }

    [PostgresFact]
    public async Task Upsert_SamePaperFromTwoProcesses_KeepsTheEarlierFirstSeen()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var a = await SharedProcess.StartAsync(db.ConnectionString);
        await using var b = await SharedProcess.StartAsync(db.ConnectionString);
        var early = new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

        await a.Papers.UpsertAsync(Sparse, CancellationToken.None);
        var stored = (await a.Papers.GetAsync(Sparse.Id, CancellationToken.None))!.FirstSeen;
        // b restores an export that says it was seen earlier; a re-ingest later says nothing: the earliest stays.
        await b.Papers.UpsertAsync(Sparse with { FirstSeen = early, Upvotes = 5 }, CancellationToken.None);
        await a.Papers.UpsertAsync(Sparse with { Upvotes = 7 }, CancellationToken.None);
        await b.Replica.PullAsync(CancellationToken.None);

        Assert.True(early < stored);
        Assert.Equal(early, (await a.Papers.GetAsync(Sparse.Id, CancellationToken.None))!.FirstSeen);
        Assert.Equal(early, (await b.Papers.GetAsync(Sparse.Id, CancellationToken.None))!.FirstSeen);
        Assert.Equal(7, (await b.Papers.GetAsync(Sparse.Id, CancellationToken.None))!.Upvotes);
    }

    private static async Task<long> CountAsync(PostgresTestDatabase db, string sql)
    {
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
