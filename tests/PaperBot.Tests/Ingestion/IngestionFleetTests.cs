using Microsoft.Extensions.DependencyInjection;
using PaperBot.Ingestion;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.Ingestion.Fetching;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion;

/// <summary>Scheduled ingestion in a fleet: two bot processes over one PostgreSQL database fetch once per interval.</summary>
public sealed class IngestionFleetTests
{
    [PostgresFact]
    public async Task IngestionService_TwoProcessesStartedTogether_FetchOncePerIntervalAndBothReadModelsHaveThePapers()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();
        await using var hf = new FixtureHttpServer(r => SourceFixtures.Query(r.Url!, "p") == "0"
            ? FixtureResponse.Json(SourceFixtures.HfDaily(("2506.00001", "Fleet Wombat Paper", 12), ("2506.00002", "Fleet Quokka Paper", 40)))
            : FixtureResponse.Json("[]"));
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = db.ConnectionString,
            ["Ingestion:RunOnStart"] = "true",
            ["Ingestion:Interval"] = "01:00:00",
            ["Ingestion:HuggingFace:Enabled"] = "true",
            ["Ingestion:HuggingFaceBaseUrl"] = hf.BaseUrl.AbsoluteUri,
            ["Ingestion:RetryBaseDelay"] = "00:00:00.010",
        };

        var starting = new[] { BotHarness.StartAsync(settings), BotHarness.StartAsync(settings) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        string[] ids = ["2506.00001", "2506.00002"];
        foreach (var bot in new[] { first, second })
        {
            var store = bot.Host.Services.GetRequiredService<PaperStore>();
            for (var waited = 0; waited < 300 && (await store.GetManyAsync(ids, CancellationToken.None)).Count < 2; waited++)
            {
                await Task.Delay(50);
            }

            Assert.Equal(2, (await store.GetManyAsync(ids, CancellationToken.None)).Count);
        }

        // Both timers fired at start; the pass that lost the race saw the lock or the fresh last-pass time and skipped.
        await Task.Delay(500);
        // One pass asks for each day's pages once; a second pass would repeat every one of those requests.
        var requests = hf.RequestsTo("/api/daily_papers").Select(u => u.PathAndQuery).ToList();
        Assert.NotEmpty(requests);
        Assert.Equal(requests.Distinct(StringComparer.Ordinal).Count(), requests.Count);
        var state = first.Host.Services.GetRequiredService<AppStateStore>();
        Assert.NotNull(await state.GetAsync(IngestionPassGate.LastPassKey, CancellationToken.None));
        first.AssertClean();
        second.AssertClean();
    }
}
