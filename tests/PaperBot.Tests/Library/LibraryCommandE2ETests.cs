using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.FakeDiscord;
using PaperBot.Library;
using PaperBot.Papers;
using PaperBot.Tests.Lookup;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Library;

/// <summary>/library end to end through the fake Discord: saving the way users do, exports as attachments, and every subcommand.</summary>
public sealed class LibraryCommandE2ETests : BotTestBase
{
    private const ulong Reader = 4_242_000_000_000_777;
    private const string EveryonePermissions = "2147486720";

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Export_Bibtex_TwentyPlusSavedPapers_ArriveAsBibAttachmentWithEveryEntryAndAuthor(StorageProvider provider)
    {
        await StartAsync(provider);
        // The reaction save first, while the list is one page: later saves would push it off page 1.
        var saved = new HashSet<string>(StringComparer.Ordinal) { "2410.03355", "2302.07863" };
        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", "2410.03355")));
        await Bot.IdleAsync();
        await Bot.Discord.InjectReactionAddAsync(card.ChannelId, card.Id, BotHarness.DefaultUserId, "🔖");
        await WaitForLibraryAsync(BotHarness.DefaultUserId, "2410.03355");
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        foreach (var query in new[] { "autoregressive", "time series", "diffusion", "image generation", "pretrained", "transformer" })
        {
            var results = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", query)));
            foreach (var value in SaveMenuValues(results))
            {
                await Bot.FinalMessageAsync(await Bot.SelectAsync(results, "psave", value));
                saved.Add(value);
            }
        }

        Assert.True(saved.Count >= 20, $"only {saved.Count} papers saved");

        var export = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "export", ("format", "bibtex")));

        Assert.True(export.Ephemeral);
        Assert.DoesNotContain("```", export.Content, StringComparison.Ordinal);
        Assert.Contains($"{saved.Count} papers", export.Content, StringComparison.Ordinal);
        var file = Assert.Single(export.Attachments);
        Assert.EndsWith(".bib", file.FileName, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(file.Content);
        Assert.True(text.Length > 1500, "the export should be larger than the old inline limit");
        var entries = BibTexParser.Parse(text);
        Assert.Equal(saved.Order(StringComparer.Ordinal), entries.Select(e => e.Fields["eprint"]).Order(StringComparer.Ordinal));
        var papers = (await Bot.Host.Services.GetRequiredService<PaperStore>().GetManyAsync(saved, CancellationToken.None)).ToDictionary(p => p.Id);
        foreach (var entry in entries)
        {
            var paper = papers[entry.Fields["eprint"]];
            var authors = BibTexParser.Authors(entry.Fields["author"]);
            Assert.Equal(paper.Authors.Count, authors.Count);
            for (var i = 0; i < authors.Count; i++)
            {
                Assert.StartsWith(BibTexAuthors.Split(paper.Authors[i]).Last, authors[i], StringComparison.Ordinal);
            }
        }

        Bot.AssertClean();
    }

    [Theory]
    [InlineData("markdown", "library.md")]
    [InlineData("csv", "library.csv")]
    [InlineData("jsonl", "library.jsonl")]
    public async Task Export_OtherFormats_ArriveAsAttachments(string format, string fileName)
    {
        await StartAsync();
        string[] ids = ["2302.07863", "2410.03355", "2411.11925"];
        foreach (var id in ids)
        {
            await SaveWithButtonAsync(id, BotHarness.DefaultUserId);
        }

        var export = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "export", ("format", format)));

        Assert.True(export.Ephemeral);
        var file = Assert.Single(export.Attachments);
        Assert.Equal(fileName, file.FileName);
        var text = Encoding.UTF8.GetString(file.Content);
        Assert.All(ids, id => Assert.Contains(id, text, StringComparison.Ordinal));
        if (format == "jsonl")
        {
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.All(lines, line => Assert.IsType<JsonObject>(JsonNode.Parse(line)));
        }

        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Export_SlowHandler_DeferredAnswerIsEditedWithTheAttachment(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        // Slower than the auto-deferral threshold (1.5 s by default): the export then arrives through PATCH @original, which must carry the file.
        // The hook runs before the module sets DeferEphemeral, so it sets it as the module does before its slow work.
        Bot.Hooks.BeforeHandler = (context, ct) =>
        {
            if (context.CommandPath != "library export")
            {
                return Task.CompletedTask;
            }

            context.DeferEphemeral = true;
            return Task.Delay(2200, ct);
        };

        var interaction = await Bot.SlashAsync("library", "export", ("format", "bibtex"));
        var export = await Bot.FinalMessageAsync(interaction, TimeSpan.FromSeconds(10));

        Assert.Equal(5, interaction.ResponseType);
        Assert.Equal(interaction.OriginalMessage!.Id, export.Id);
        Assert.True(export.Ephemeral);
        var file = Assert.Single(export.Attachments);
        Assert.Equal("library.bib", file.FileName);
        Assert.Equal("2302.07863", Assert.Single(BibTexParser.Parse(Encoding.UTF8.GetString(file.Content))).Fields["eprint"]);
        Assert.Contains(Bot.Discord.Requests, r => r.Method == "PATCH" && r.Files.Count == 1);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Export_DeferredPublicly_AnswersInAnEphemeralFollowupWithTheAttachment(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        // The hook delays before the module asks for a private deferral, so the auto-deferral is public and the
        // private export must go out as a followup (POST /webhooks/{app}/{token}) with its file.
        Bot.Hooks.BeforeHandler = (context, ct) => context.CommandPath == "library export" ? Task.Delay(2200, ct) : Task.CompletedTask;

        var interaction = await Bot.SlashAsync("library", "export", ("format", "csv"));
        var export = await Bot.FinalMessageAsync(interaction, TimeSpan.FromSeconds(10));

        Assert.Equal(5, interaction.ResponseType);
        Assert.Equal(Assert.Single(interaction.FollowupMessages).Id, export.Id);
        Assert.True(export.Ephemeral);
        var file = Assert.Single(export.Attachments);
        Assert.Equal("library.csv", file.FileName);
        Assert.Contains("2302.07863", Encoding.UTF8.GetString(file.Content), StringComparison.Ordinal);
        // The public "thinking" placeholder is removed once the private answer is out.
        Assert.True(await Bot.Discord.WaitUntilAsync(() => interaction.OriginalMessage is null, TimeSpan.FromSeconds(5)));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Export_FollowupWhoseAnswerIsLost_IsPostedOnceAndThePlaceholderStillGoes(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        Bot.Hooks.BeforeHandler = (context, ct) => context.CommandPath == "library export" ? Task.Delay(2200, ct) : Task.CompletedTask;
        // Discord posts the followup, but the connection drops before its answer: sending it again would post
        // the export twice, since followups take no nonce.
        Bot.Discord.LoseNextAnswers("POST /webhooks/{application_id}/{token}");

        var interaction = await Bot.SlashAsync("library", "export", ("format", "csv"));

        Assert.True(await Bot.Discord.WaitUntilAsync(() => interaction.OriginalMessage is null && interaction.FollowupMessages.Count > 0, TimeSpan.FromSeconds(10)));
        await Bot.IdleAsync();
        var export = Assert.Single(interaction.FollowupMessages);
        Assert.Equal("library.csv", Assert.Single(export.Attachments).FileName);
        Assert.Single(Bot.Discord.Requests, r => r.Method == "POST" && r.Path.StartsWith("/webhooks/", StringComparison.Ordinal));
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Remove_SavedId_RemovesIt_UnknownId_SaysItIsNotThere(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        await SaveWithButtonAsync("2410.03355", BotHarness.DefaultUserId);

        var removed = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "remove", ("id", "https://arxiv.org/abs/2302.07863")));
        var unknown = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "remove", ("id", "2302.07863")));
        var listed = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list"));

        Assert.True(removed.Ephemeral);
        Assert.Contains("Removed `2302.07863`", removed.Content, StringComparison.Ordinal);
        Assert.Contains("is not in your library", unknown.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("2302.07863", listed.Content, StringComparison.Ordinal);
        Assert.Contains("2410.03355", listed.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Recommend_AfterTwoSpeculativeDecodingSaves_BringsTheOtherTwoFirst(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2410.03355", BotHarness.DefaultUserId);
        await SaveWithButtonAsync("2411.11925", BotHarness.DefaultUserId);

        var recommended = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "recommend"));

        Assert.True(recommended.Ephemeral);
        var numbered = recommended.Content.Split('\n').Where(l => l.Length > 2 && char.IsDigit(l[0])).ToList();
        Assert.Equal(["2302.07863", "2410.01699"], numbered.Take(2).Select(l => l.Split('`')[1]).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("`2410.03355`", recommended.Content, StringComparison.Ordinal);
        Assert.Contains("because you saved", recommended.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task TopAndChannel_TwoUsersSave_ShowPublicCounts(StorageProvider provider)
    {
        await StartAsync(provider);
        var card = await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        await Bot.IdleAsync();
        await Bot.Discord.InjectReactionAddAsync(card.ChannelId, card.Id, Reader, "🔖");
        await WaitForLibraryAsync(Reader, "2302.07863");
        await SaveWithButtonAsync("2410.03355", Reader);

        var top = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "top"));
        var channel = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "channel"));

        Assert.False(top.Ephemeral);
        Assert.Contains("`2302.07863` · 2 saves", top.Content, StringComparison.Ordinal);
        Assert.Contains("`2410.03355` · 1 save", top.Content, StringComparison.Ordinal);
        Assert.True(top.Content.IndexOf("2302.07863", StringComparison.Ordinal) < top.Content.IndexOf("2410.03355", StringComparison.Ordinal));
        Assert.False(channel.Ephemeral);
        Assert.Contains("`2302.07863` · 2 saves", channel.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ForgetMe_ConfirmButton_OnlyTheOwnerDeletes_AndIsToldWhat(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2302.07863", BotHarness.DefaultUserId);
        await SaveWithButtonAsync("2410.03355", BotHarness.DefaultUserId);

        var asked = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "forget-me"));
        var confirm = Assert.Single(PaperSearchCommandTests.CustomIds(asked));
        var stranger = await Bot.FinalMessageAsync(await Bot.PressAsync(asked, confirm, Reader));
        var stillThere = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list"));
        var pressed = await Bot.PressAsync(asked, confirm);
        await Bot.FinalMessageAsync(pressed);
        var deleted = Bot.Discord.GetMessage(asked.Id)!;
        var afterwards = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list"));

        Assert.True(asked.Ephemeral);
        Assert.Contains("cannot be undone", asked.Content, StringComparison.Ordinal);
        Assert.StartsWith(LibraryCustomIds.ForgetPrefix, confirm, StringComparison.Ordinal);
        Assert.True(stranger.Ephemeral);
        Assert.Contains("Only the person who asked", stranger.Content, StringComparison.Ordinal);
        Assert.Contains("(2 papers", stillThere.Content, StringComparison.Ordinal);
        Assert.Equal(7, pressed.ResponseType);
        Assert.Contains("Deleted everything PaperBot stored about you: 2 saved papers", deleted.Content, StringComparison.Ordinal);
        Assert.Contains("Your library is empty", afterwards.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task List_Query_ShowsOnlyMatchingSavedPapers(StorageProvider provider)
    {
        await StartAsync(provider);
        await SaveWithButtonAsync("2410.03355", BotHarness.DefaultUserId);
        var results = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "search", ("query", "time series forecasting")));
        var timeSeries = SaveMenuValues(results).First();
        await Bot.FinalMessageAsync(await Bot.SelectAsync(results, "psave", timeSeries));

        var all = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list"));
        var filtered = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list", ("query", "speculative")));

        Assert.Contains(timeSeries, all.Content, StringComparison.Ordinal);
        Assert.Contains("`2410.03355`", filtered.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(timeSeries, filtered.Content, StringComparison.Ordinal);
        Bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task List_QueryTooLongForAButton_NextPageKeepsTheWholeQuery(StorageProvider provider)
    {
        await StartAsync(provider);
        var library = Bot.Host.Services.GetRequiredService<LibraryStore>();
        foreach (var paper in await Bot.Host.Services.GetRequiredService<PaperStore>().GetNewestAsync(56, CancellationToken.None))
        {
            await library.SaveAsync(BotHarness.DefaultUserId, paper.Id, Bot.GuildId, Bot.ChannelId, SaveSources.Command, CancellationToken.None);
        }

        // Over 60 characters: with a 19-digit user id it cannot travel in the button's custom_id.
        const string Query = "model -zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz -speculative";
        var first = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list", ("query", Query)));
        var next = PaperSearchCommandTests.CustomIds(first)[1];
        var second = await Bot.FinalMessageAsync(await Bot.PressAsync(first, next));

        var header = first.Content.Split('\n')[0];
        Assert.Contains("page 1/", header, StringComparison.Ordinal);
        Assert.Equal(header.Replace("page 1/", "page 2/", StringComparison.Ordinal), second.Content.Split('\n')[0]);
        // The exclusion still holds on page 2: no Speculative Decoding paper among the listed titles.
        Assert.All(second.Content.Split('\n').Skip(1), line => Assert.DoesNotContain("peculative", line, StringComparison.OrdinalIgnoreCase));
        var firstIds = System.Text.RegularExpressions.Regex.Matches(first.Content, "`([^`]+)`$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        var secondIds = System.Text.RegularExpressions.Regex.Matches(second.Content, "`([^`]+)`$", System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(10, firstIds.Count);
        Assert.NotEmpty(secondIds);
        Assert.False(firstIds.Overlaps(secondIds), "a paper repeated on page 2");
        Assert.All(PaperSearchCommandTests.CustomIds(second), id => Assert.True(id.Length <= 100, id));
        Bot.AssertClean();
    }

    private async Task<FakeMessage> SaveWithButtonAsync(string paperId, ulong userId)
    {
        var card = await Bot.FinalMessageAsync(await Bot.SlashAsync("paper", "show", ("id", paperId)));
        await Bot.FinalMessageAsync(await Bot.PressAsync(card, $"psave:{paperId}", userId));
        return card;
    }

    private static IEnumerable<string> SaveMenuValues(FakeMessage message) =>
        message.Components.SelectMany(r => r!["components"]!.AsArray())
            .Single(c => c!["custom_id"]?.GetValue<string>() == "psave")!["options"]!.AsArray()
            .Select(o => o!["value"]!.GetValue<string>());

    /// <summary>Reaction saves happen after the gateway event is handled: poll the user's list until the paper shows.</summary>
    private async Task WaitForLibraryAsync(ulong userId, string paperId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var listed = await Bot.FinalMessageAsync(await Bot.SlashAsync("library", "list", userId, EveryonePermissions));
            if (listed.Content.Contains($"`{paperId}`", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"{paperId} never showed up in the library of {userId}");
    }
}
