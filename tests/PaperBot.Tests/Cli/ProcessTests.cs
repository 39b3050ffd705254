using System.Diagnostics;
using System.Text.Json;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

/// <summary>Starts the real <c>paperbot.dll</c> the way a user's shell would.</summary>
public sealed class ProcessTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    private static Task<CliRun> RunProcessAsync(params string[] args) =>
        RunProcessAsync(Path.GetTempPath(), new Dictionary<string, string>(), args);

    private static async Task<CliRun> RunProcessAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = PaperbotProcess.StartInfo(workingDirectory, args);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Paperbot_SearchJsonInRealProcess_PrintsJsonLinesAndExits0()
    {
        var import = await RunProcessAsync("--db", cli.DatabasePath, "import", CliTestData.Importer("arxiv-2025.xml"), CliTestData.Importer("hf-daily-2025.json"));

        var search = await RunProcessAsync("--db", cli.DatabasePath, "search", "speculative decoding", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(search.ExitCode == 0, search.ToString());
        var lines = search.JsonLines();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.GetProperty("id").GetString() == "2211.17192");
        Assert.All(lines, l => Assert.Equal(JsonValueKind.Number, l.GetProperty("score").ValueKind));
    }

    [Fact]
    public async Task Paperbot_SeedSamplesOff_NewStoreHoldsOnlyTheImportedPapersEmbedded()
    {
        var environment = new Dictionary<string, string> { ["Storage__SeedSamples"] = "false" };

        var import = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "import", CliTestData.Importer("papers.jsonl"));
        var stats = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "stats");
        var sample = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "show", "2211.17192");
        var search = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "search", "holographic duality between quantum gravity and gauge theories", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("embedded 3 of 3", import.Out, StringComparison.Ordinal);
        Assert.Matches(@"papers\s+3\n", stats.Out);
        Assert.Equal(1, sample.ExitCode);
        Assert.Equal("hep-th/9711200", search.JsonLines()[0].GetProperty("id").GetString());
        Assert.All(search.JsonLines(), l => Assert.NotEqual("2211.17192", l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Paperbot_ShowUnknownInRealProcess_Exits1WithoutStackTrace()
    {
        var show = await RunProcessAsync("--db", cli.DatabasePath, "show", "2501.99999");

        Assert.Equal(1, show.ExitCode);
        Assert.Equal("", show.Out);
        Assert.DoesNotContain("   at ", show.Error);
    }

    [Theory]
    [InlineData("stats")]
    [InlineData("shell")]
    public async Task Paperbot_DatabaseIsNotSqlite_OneLineOnStderrAndNoStackTrace(string verb)
    {
        await File.WriteAllTextAsync(cli.DatabasePath, "these are my notes, not a database\n");

        var run = await RunProcessAsync("--db", cli.DatabasePath, verb);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("   at ", run.Error);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("is not a SQLite database", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paperbot_IngestWithSourcesUnreachable_ReportsEachInOneLineWithoutStackTraces()
    {
        // Nothing listens on port 9 of loopback: every request is refused at once.
        var environment = new Dictionary<string, string>
        {
            ["PaperBot__Ingestion__HuggingFaceBaseUrl"] = "http://127.0.0.1:9",
            ["PaperBot__Ingestion__ArxivApiBaseUrl"] = "http://127.0.0.1:9",
            ["PaperBot__Ingestion__RetryBaseDelay"] = "00:00:00.010",
        };

        var run = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "ingest", "--date", "2025-01-02");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("huggingface: failed", run.Out, StringComparison.Ordinal);
        Assert.Contains("arxiv: failed", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Polly", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paperbot_Ingest_StoresTheDaysPapersAndEmbedsThem()
    {
        await using var hf = new PaperBot.Tests.Ingestion.Fetching.FixtureHttpServer(r =>
            PaperBot.Tests.Ingestion.Fetching.SourceFixtures.Query(r.Url!, "p") == "0"
                ? PaperBot.Tests.Ingestion.Fetching.FixtureResponse.Json(PaperBot.Tests.Ingestion.Fetching.SourceFixtures.HfDaily(("2506.00021", "Echidna foraging by moonlight", 5)))
                : PaperBot.Tests.Ingestion.Fetching.FixtureResponse.Json("[]"));
        var environment = new Dictionary<string, string>
        {
            ["PaperBot__Ingestion__HuggingFaceBaseUrl"] = hf.BaseUrl.AbsoluteUri,
            ["PaperBot__Ingestion__Arxiv__Enabled"] = "false",
            ["PaperBot__Ingestion__RetryBaseDelay"] = "00:00:00.010",
        };

        var ingest = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "ingest", "--date", "2025-06-05");
        var stored = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "ingest", "--date", "2025-06-05", "--no-embed");

        Assert.True(ingest.ExitCode == 0, ingest.ToString());
        Assert.Contains("huggingface: 1 papers fetched, 1 new", ingest.Out, StringComparison.Ordinal);
        Assert.Contains("Embedded 1 papers", ingest.Out, StringComparison.Ordinal);
        Assert.Contains("embedded 57 of 57", ingest.Out, StringComparison.Ordinal);
        Assert.True(stored.ExitCode == 0, stored.ToString());
        Assert.DoesNotContain("Embedded", stored.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paperbot_SettingOfTheWrongType_Exits1NamingTheKey()
    {
        var environment = new Dictionary<string, string> { ["PaperBot__Search__CandidateLimit"] = "lots" };

        var run = await RunProcessAsync(cli.Directory, environment, "--db", cli.DatabasePath, "search", "diffusion");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("invalid configuration", run.Error, StringComparison.Ordinal);
        Assert.Contains("Search:CandidateLimit", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paperbot_PrefixedEnvironmentVariable_SetsTheDatabasePath()
    {
        var fromEnvironment = cli.PathOf("from-env.db");

        var stats = await RunProcessAsync(cli.Directory, new Dictionary<string, string> { ["PaperBot__Storage__DatabasePath"] = fromEnvironment }, "stats");

        Assert.True(stats.ExitCode == 0, stats.ToString());
        Assert.True(File.Exists(fromEnvironment));
    }

    [Fact]
    public async Task Paperbot_DbOption_WinsOverEnvironmentAndLocalConfigFile()
    {
        Directory.CreateDirectory(cli.PathOf("config"));
        await File.WriteAllTextAsync(cli.PathOf("config/appsettings.json"), """{ "Storage": { "DatabasePath": "from-file.db" } }""");
        var environment = new Dictionary<string, string> { ["Storage__DatabasePath"] = cli.PathOf("from-env.db") };

        var withFileOnly = await RunProcessAsync(cli.Directory, new Dictionary<string, string>(), "stats");
        var withDb = await RunProcessAsync(cli.Directory, environment, "--db", "from-option.db", "stats");

        Assert.True(withFileOnly.ExitCode == 0, withFileOnly.ToString());
        Assert.True(File.Exists(cli.PathOf("from-file.db")), "the working directory's config/appsettings.json was not read");
        Assert.True(withDb.ExitCode == 0, withDb.ToString());
        Assert.True(File.Exists(cli.PathOf("from-option.db")), "--db did not win");
        Assert.False(File.Exists(cli.PathOf("from-env.db")));
    }
}
