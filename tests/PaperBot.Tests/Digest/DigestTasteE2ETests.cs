using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.FakeDiscord;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Digest;

/// <summary>
/// Digest topics by meaning and the channel taste model (<c>like: saves</c>), as users drive them through the
/// fake Discord: subscribe, 🔖 a posted paper, and see the next batch ordered by it, with the reason in the post.
/// The papers have real abstracts and are embedded by the real model.
/// </summary>
public sealed class DigestTasteE2ETests : BotTestBase
{
    private const ulong Reader = 4_242_000_000_000_778;
    private const ulong OtherReader = 4_242_000_000_000_779;
    private const string EveryonePermissions = "2147486720";

    // Real abstracts, embedded by the real model. Cosines (arctic-embed-xs): storm nowcasting to precipitation
    // forecasting 0.83, to the decoding and protein papers 0.69-0.73; "rainstorms" to storm nowcasting 0.64.
    private static readonly Paper StormNowcasting = Fresh(
        "2611.10003", "Nowcasting thunderstorms from radar sequences with diffusion models",
        "We forecast precipitation and storm cells over the next hours from radar image sequences with a conditional diffusion model, improving skill scores for heavy rain over operational nowcasting systems.",
        "cs.LG", 10);

    private static readonly Paper DraftTrees = Fresh(
        "2611.10002", "Draft trees for speculative decoding of large language models",
        "A small draft model proposes a tree of continuations that the large model verifies in one pass, tripling generation speed without changing the output distribution.",
        "cs.CL", 50);

    private static readonly Paper PrecipitationForecast = Fresh(
        "2611.20001", "Predicting heavy precipitation from satellite imagery with generative models",
        "A generative model turns sequences of satellite images into forecasts of heavy precipitation and storm tracks for the next six hours, outperforming optical flow extrapolation.",
        "cs.LG", 1);

    private static readonly Paper ProteinStructure = Fresh(
        "2611.20007", "Protein structure prediction with language models",
        "Protein language models predict three-dimensional structures from single sequences.",
        "q-bio.BM", 200);

    private static readonly Paper DecodingHeads = Fresh(
        "2611.10005", "Parallel decoding heads for faster text generation",
        "Extra heads on a frozen language model predict several future tokens at once; a tree attention step accepts the longest correct prefix, speeding up inference twofold.",
        "cs.CL", 90);

    private static readonly Paper RainstormsByWords = Fresh(
        "2611.20009", "Rainstorms and river floods in mountain basins",
        "Rainstorms in mountain basins and the river floods that follow them, from two decades of gauge records.",
        "cs.LG", 0);

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_LikeSaves_PutsThePaperClosestToTheChannelsSavesFirstWithTheReason(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "*"), ("like", "saves"), ("max", 5));
        await AddAsync(StormNowcasting, DraftTrees);
        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var first = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 1 + 2, TimeSpan.FromSeconds(30));
        var stormPost = first.Skip(1).Single(p => PostedId(p) == StormNowcasting.Id);
        await Bot.IdleAsync();

        // The bot's own 🔖 comes once the post is recorded; a reaction before that is on a message it does not know yet.
        Assert.True(await Bot.Discord.WaitUntilAsync(() => Bot.Discord.GetMessage(stormPost.Id)!.BotReactions.Contains("🔖"), TimeSpan.FromSeconds(10)));

        // Two members save the storm paper from the digest post.
        await Bot.Discord.InjectReactionAddAsync(Bot.ChannelId, stormPost.Id, Reader, "🔖");
        await Bot.Discord.InjectReactionAddAsync(Bot.ChannelId, stormPost.Id, OtherReader, "🔖");
        await WaitForSettingsAsync("close to the 1 paper saved");

        // Without the taste the protein paper (200 upvotes) and the decoding one (90) would come first.
        await AddAsync(ProteinStructure, DecodingHeads, PrecipitationForecast);
        var preview = await WaitForPreviewAsync("saved here by 2");
        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var posts = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 3 + 1 + 3, TimeSpan.FromSeconds(30));
        await Bot.IdleAsync();

        var batch = posts.Skip(3 + 1).ToList();
        Assert.Equal(PrecipitationForecast.Id, PostedId(batch[0]));
        var why = Field(batch[0], "Why here");
        Assert.NotNull(why);
        Assert.Contains("close to “Nowcasting thunderstorms from radar sequences with diffusion models”", why, StringComparison.Ordinal);
        Assert.Contains("saved here by 2", why, StringComparison.Ordinal);
        Assert.Null(Field(batch.Single(p => PostedId(p) == ProteinStructure.Id), "Why here"));
        Assert.Equal([.. DigestE2E.PaperIds(batch)], PreviewIds(preview));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Now_LikeSavesWithoutSaves_KeepsTheTopicOrderAndGivesNoReason(StorageProvider provider)
    {
        await StartAsync(provider);
        await SubscribeAsync(("topics", "*"), ("like", "saves"));
        await AddAsync(StormNowcasting, ProteinStructure, DecodingHeads);

        var settings = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings"));
        await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "now"));
        var posts = await DigestE2E.WaitForPostsAsync(Bot.Discord, Bot.ChannelId, 1 + 3, TimeSpan.FromSeconds(30));
        await Bot.IdleAsync();

        Assert.Contains("like: saves", settings.Content, StringComparison.Ordinal);
        Assert.Contains("No paper has been saved from this channel's posts yet", settings.Content, StringComparison.Ordinal);
        Assert.Equal([ProteinStructure.Id, DecodingHeads.Id, StormNowcasting.Id], DigestE2E.PaperIds(posts));
        Assert.All(posts.Skip(1), p => Assert.Null(Field(p, "Why here")));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Preview_TopicMatchedByMeaningOnly_BringsThePaperIn(StorageProvider provider)
    {
        await StartAsync(provider);
        // "rainstorms" is no word of the storm nowcasting paper; the words still find the river floods one.
        await AddAsync(StormNowcasting, RainstormsByWords, ProteinStructure, DraftTrees);
        await SubscribeAsync(("topics", "rainstorms"), ("max", 10));

        var preview = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "preview"));

        var ids = PreviewIds(preview);
        Assert.Contains(StormNowcasting.Id, ids);
        Assert.Contains(RainstormsByWords.Id, ids);
        Assert.DoesNotContain(ProteinStructure.Id, ids);
        Assert.DoesNotContain(DraftTrees.Id, ids);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Preview_TopicByMeaningWithAnExclusion_KeepsTheExclusion(StorageProvider provider)
    {
        await StartAsync(provider);
        await AddAsync(StormNowcasting, RainstormsByWords);
        await SubscribeAsync(("topics", "rainstorms -radar"), ("max", 10));

        var preview = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "preview"));

        Assert.Equal([RainstormsByWords.Id], PreviewIds(preview));
        Bot.AssertClean();
    }

    private static Paper Fresh(string id, string title, string summary, string category, int upvotes) =>
        DigestE2E.Paper(id, title, category, upvotes) with { Abstract = summary };

    private Task AddAsync(params Paper[] papers) =>
        Bot.Host.Services.GetRequiredService<PaperStore>().UpsertManyAsync(papers, CancellationToken.None);

    private static string PostedId(FakeMessage message) => DigestE2E.PaperIds([message]).Single();

    private static List<string> PreviewIds(FakeMessage preview) =>
        [.. preview.Embeds.Select(e => e!["url"]!.GetValue<string>().Replace("https://arxiv.org/abs/", "", StringComparison.Ordinal))];

    private static string? Field(FakeMessage message, string name) =>
        (message.Embeds[0]!["fields"] as JsonArray)?.FirstOrDefault(f => f!["name"]!.GetValue<string>() == name)?["value"]?.GetValue<string>();

    /// <summary>Previews until the first paper's reason says <paramref name="expected"/> (reactions are handled as they arrive).</summary>
    private async Task<FakeMessage> WaitForPreviewAsync(string expected)
    {
        FakeMessage? preview = null;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            preview = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "preview"));
            if (preview.Embeds.Count > 0 && (Field(preview, "Why here") ?? "").Contains(expected, StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(50);
        }

        Assert.Contains(expected, Field(preview!, "Why here") ?? "", StringComparison.Ordinal);
        return preview!;
    }

    private async Task WaitForSettingsAsync(string expected)
    {
        var content = "";
        for (var attempt = 0; attempt < 200 && !content.Contains(expected, StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(50);
            content = (await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "settings", Reader, EveryonePermissions))).Content;
        }

        Assert.Contains(expected, content, StringComparison.Ordinal);
    }

    private async Task SubscribeAsync(params (string Name, object Value)[] options)
    {
        var reply = await Bot.FinalMessageAsync(await Bot.SlashAsync("digest", "subscribe", options));
        Assert.StartsWith("Subscribed", reply.Content, StringComparison.Ordinal);
    }
}
