using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Ingestion;
using PaperBot.Papers;
using PaperBot.Storage;

namespace PaperBot.Tests.Ingestion.Fetching;

/// <summary>The runner wired as in the app (resilience pipeline, real SQLite file), against loopback fixtures.</summary>
public sealed class IngestionRunnerTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-ingest-" + Guid.NewGuid().ToString("N"));

    public IngestionRunnerTests() => Directory.CreateDirectory(_directory);

    private async Task<ServiceProvider> BuildAsync(FixtureHttpServer hf, FixtureHttpServer arxiv, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ingestion:HuggingFaceBaseUrl"] = hf.BaseUrl.AbsoluteUri,
            ["Ingestion:ArxivApiBaseUrl"] = arxiv.BaseUrl.AbsoluteUri,
            ["Ingestion:ArxivCategories:0"] = "cs.CL",
            ["Ingestion:RetryCount"] = "2",
            ["Ingestion:RetryBaseDelay"] = "00:00:00.001",
            ["Ingestion:Arxiv:MinRequestInterval"] = "00:00:00",
            ["Ingestion:HuggingFace:PageSize"] = "2",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SqliteConnectionFactory(Path.Combine(_directory, "papers.db")));
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<PaperStore>();
        services.AddSingleton(sp => new StateDatabase(sp.GetRequiredService<SqliteConnectionFactory>()));
        services.AddSingleton<AppStateStore>();
        services.AddIngestion();
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return provider;
    }

    private static FixtureHttpServer HfServer(params (string, string, int)[] items) =>
        new(r => SourceFixtures.Query(r.Url!, "p") == "0" ? FixtureResponse.Json(SourceFixtures.HfDaily(items)) : FixtureResponse.Json("[]"));

    private static FixtureHttpServer ArxivServer(params (string, string, string, string[])[] entries) =>
        new(_ => FixtureResponse.Atom(SourceFixtures.ArxivFeed(entries)));

    [Fact]
    public async Task RunOnceAsync_BothSources_StoresTheUnionAndRecordsState()
    {
        await using var hf = HfServer(("2506.00001", "From HF", 12), ("2506.00002", "On both", 40));
        await using var arxiv = ArxivServer(("2506.00002", "On both", "2025-06-05T09:00:00Z", ["cs.CL"]), ("2506.00003", "From arXiv", "2025-06-05T08:00:00Z", ["cs.CL"]));
        await using var provider = await BuildAsync(hf, arxiv);

        var report = await provider.GetRequiredService<IngestionRunner>().RunOnceAsync(new DateOnly(2025, 6, 5), CancellationToken.None);

        Assert.True(report.AllSucceeded);
        var store = provider.GetRequiredService<PaperStore>();
        var stored = await store.GetManyAsync(["2506.00001", "2506.00002", "2506.00003"], CancellationToken.None);
        Assert.Equal(3, stored.Count);
        var both = stored.Single(p => p.Id == "2506.00002");
        Assert.Equal(40, both.Upvotes);
        Assert.Equal(["cs.CL"], both.Categories);
        var state = provider.GetRequiredService<AppStateStore>();
        Assert.StartsWith("ok:", await state.GetAsync("ingest.huggingface.last_result", CancellationToken.None));
        Assert.StartsWith("ok:", await state.GetAsync("ingest.arxiv.last_result", CancellationToken.None));
        Assert.NotNull(await state.GetAsync("ingest.arxiv.last_success", CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_HuggingFaceReturns500_ArxivStillIngestsAndFailureIsRecorded()
    {
        await using var hf = new FixtureHttpServer(_ => FixtureResponse.Error(500));
        await using var arxiv = ArxivServer(("2506.00003", "From arXiv", "2025-06-05T08:00:00Z", ["cs.CL"]));
        await using var provider = await BuildAsync(hf, arxiv);

        var report = await provider.GetRequiredService<IngestionRunner>().RunOnceAsync(new DateOnly(2025, 6, 5), CancellationToken.None);

        Assert.False(report.AllSucceeded);
        Assert.False(report.Sources.Single(s => s.Source == "huggingface").Succeeded);
        Assert.True(report.Sources.Single(s => s.Source == "arxiv").Succeeded);
        Assert.NotNull(await provider.GetRequiredService<PaperStore>().GetAsync("2506.00003", CancellationToken.None));

        // The resilience pipeline retried: first attempt plus RetryCount retries.
        Assert.Equal(3, hf.Requests.Count);
        var state = provider.GetRequiredService<AppStateStore>();
        Assert.StartsWith("failed:", await state.GetAsync("ingest.huggingface.last_result", CancellationToken.None));
        Assert.Null(await state.GetAsync("ingest.huggingface.last_success", CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_ArxivDisabled_IsNotCalled()
    {
        await using var hf = HfServer(("2506.00001", "From HF", 12));
        await using var arxiv = ArxivServer(("2506.00003", "From arXiv", "2025-06-05T08:00:00Z", ["cs.CL"]));
        await using var provider = await BuildAsync(hf, arxiv, new() { ["Ingestion:Arxiv:Enabled"] = "false" });

        var report = await provider.GetRequiredService<IngestionRunner>().RunOnceAsync(new DateOnly(2025, 6, 5), CancellationToken.None);

        Assert.True(report.AllSucceeded);
        Assert.Empty(arxiv.Requests);
        Assert.False(report.Sources.Single(s => s.Source == "arxiv").Enabled);
        Assert.NotNull(await provider.GetRequiredService<PaperStore>().GetAsync("2506.00001", CancellationToken.None));
    }

    [Fact]
    public async Task IngestCommandHandler_OneSourceFails_PrintsALinePerSourceAndExitsOne()
    {
        await using var hf = HfServer(("2506.00001", "From HF", 12));
        await using var arxiv = new FixtureHttpServer(_ => FixtureResponse.Error(503));
        await using var provider = await BuildAsync(hf, arxiv);
        using var output = new StringWriter();

        var (exit, stored) = await IngestCommandHandler.RunAsync(provider, new DateOnly(2025, 6, 5), output, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal(1, stored);
        Assert.Contains("huggingface: 1 papers fetched, 1 new", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("arxiv: failed", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadCategoryAndPageSize_NamesTheKeys()
    {
        var options = new IngestionOptions { HuggingFace = new HuggingFaceSourceOptions { PageSize = 500 } };
        options.ArxivCategories.Add("not a category");

        var result = new IngestionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Ingestion:ArxivCategories", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Ingestion:HuggingFace:PageSize", result.FailureMessage, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
