using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Tests.Ingestion.Fetching;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Ingestion;

/// <summary>A paper the bot ingests is embedded by the background at once, not at its next look an interval later.</summary>
public sealed class IngestionEmbeddingTests
{
    [Fact]
    public async Task IngestionRun_StoresNewPapers_TheyAreEmbeddedWithoutWaitingForTheBackfillInterval()
    {
        await using var hf = new FixtureHttpServer(r => SourceFixtures.Query(r.Url!, "p") == "0"
            ? FixtureResponse.Json(SourceFixtures.HfDaily(("2506.00011", "Wombat burrow acoustics", 3)))
            : FixtureResponse.Json("[]"));
        // The first ingestion comes two seconds after start, after the background embedding's first look; its next
        // look would be an hour later.
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Semantic:BackfillInterval"] = "01:00:00",
            ["Ingestion:RunOnStart"] = "false",
            ["Ingestion:Interval"] = "00:00:02",
            ["Ingestion:HuggingFace:Enabled"] = "true",
            ["Ingestion:HuggingFaceBaseUrl"] = hf.BaseUrl.AbsoluteUri,
            ["Ingestion:RetryBaseDelay"] = "00:00:00.010",
        });
        var papers = bot.Host.Services.GetRequiredService<PaperStore>();
        var vectors = bot.Host.Services.GetRequiredService<PaperVectorStore>();
        var model = bot.Host.Services.GetRequiredService<PaperEmbedder>().Model.Name;

        var stored = await WaitAsync(async () => await papers.GetAsync("2506.00011", CancellationToken.None) is not null, TimeSpan.FromSeconds(20));
        var embedded = await WaitAsync(async () => await vectors.CoverageAsync(model, CancellationToken.None) is var (e, p) && e == p, TimeSpan.FromSeconds(20));

        Assert.True(stored, "the ingestion run did not store the paper");
        Assert.True(embedded, $"not embedded: {await vectors.CoverageAsync(model, CancellationToken.None)}");
        bot.AssertClean();
    }

    private static async Task<bool> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }
}
