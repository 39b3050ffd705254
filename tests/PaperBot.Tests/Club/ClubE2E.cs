using System.Globalization;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>Shared steps of the journal club tests: typed /club commands and the mention rule.</summary>
internal static class ClubE2E
{
    public const ulong Presenter = 4_242_000_000_000_777;

    public static JsonArray ScheduleOptions(string id, string date, ulong presenter) =>
    [
        new JsonObject
        {
            ["name"] = "schedule",
            ["type"] = 1,
            ["options"] = new JsonArray(
                new JsonObject { ["name"] = "id", ["type"] = 3, ["value"] = id },
                new JsonObject { ["name"] = "date", ["type"] = 3, ["value"] = date },
                new JsonObject { ["name"] = "presenter", ["type"] = 6, ["value"] = presenter.ToString(CultureInfo.InvariantCulture) }),
        },
    ];

    public static async Task<FakeMessage> ScheduleAsync(BotHarness bot, string id, string date, ulong presenter = Presenter, string permissions = BotHarness.ManagerPermissions)
    {
        var reply = await bot.FinalMessageAsync(await bot.Discord.InjectSlashCommandAsync(
            "club", ScheduleOptions(id, date, presenter), bot.GuildId, bot.ChannelId, BotHarness.DefaultUserId, permissions));
        await bot.IdleAsync();
        return reply;
    }

    public static async Task<FakeMessage> RunAsync(BotHarness bot, string subcommand, params (string Name, object Value)[] options)
    {
        var reply = await bot.FinalMessageAsync(await bot.SlashAsync("club", subcommand, options));
        await bot.IdleAsync();
        return reply;
    }

    /// <summary>Every message the bot sent parses no mention and allows no role; at most the presenter may be pinged.</summary>
    public static void AssertOnlyPresenterMentionable(FakeDiscordServer discord, ulong presenter)
    {
        Assert.Empty(discord.Rejections);
        foreach (var message in discord.AllMessages.Where(m => m.AuthorIsBot && !m.Loading))
        {
            Assert.NotNull(message.AllowedMentions);
            Assert.Empty(message.AllowedMentions!["parse"]!.AsArray());
            Assert.Null(message.AllowedMentions["roles"]);
            if (message.AllowedMentions["users"] is JsonArray users)
            {
                Assert.Equal([presenter.ToString(CultureInfo.InvariantCulture)], users.Select(u => u!.GetValue<string>()));
            }
        }
    }
}
