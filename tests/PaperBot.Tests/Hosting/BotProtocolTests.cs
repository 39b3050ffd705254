using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>Discord's rules as the bot meets them at start and at run time: command registration, a revoked token, stale interactions.</summary>
public sealed class BotProtocolTests
{
    [Fact]
    public async Task Start_CommandsDeletedOnDiscordsSide_RegistersAgainDespiteTheStoredHash()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();
        bot.Discord.DeleteCommands();

        await bot.StartHostAsync();

        Assert.Equal(2, bot.Discord.CommandOverwriteCount);
        // Five slash commands and the two message commands.
        Assert.Equal(5, bot.Discord.RegisteredCommands().Count(c => c["type"]!.GetValue<int>() == 1));
        Assert.Equal(7, bot.Discord.RegisteredCommands().Count);
        Assert.Contains(bot.Discord.Requests, r => r.Method == "GET" && r.Path == $"/applications/{bot.Discord.ApplicationId}/commands");
        bot.AssertClean();
    }

    [Fact]
    public async Task Run_Rest401_ExitsWith1AndNamesTheTokenSettingWithoutPrintingIt()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();
        var host = bot.BuildHost();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var before = bot.Discord.Requests.Count;

        // The start's first REST call, the application's id for the command check, gets the 401 (a revoked token).
        bot.Discord.FailNextRequests(1, 401);
        var exitCode = await BotEntryPoint.RunDiscordAsync(host, error, timeout.Token);

        Assert.Equal(1, exitCode);
        Assert.False(timeout.IsCancellationRequested, "the host did not stop on its own");
        Assert.Equal("/applications/@me", Assert.Single(bot.Discord.Requests.Skip(before), r => r.StatusCode == 401).Path);
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Discord:Token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Discord.BotToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Discord.BotToken, bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains("they are checked at READY instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ChecksTheCommandsBeforeIdentifying()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();
        bot.Discord.DeleteCommands();
        var before = bot.Discord.Requests.Count;
        var identifies = bot.Discord.IdentifyTimes.Count;

        await bot.StartHostAsync();

        // The application's id from Discord, its commands read and written back, all before the gateway identified:
        // no user of the started bot meets the old commands.
        var requests = bot.Discord.Requests.Skip(before).ToList();
        var identified = bot.Discord.IdentifyTimes.Skip(identifies).First().At;
        var application = Assert.Single(requests, r => r.Method == "GET" && r.Path == "/applications/@me");
        var overwrite = Assert.Single(requests, r => r.Method == "PUT" && r.Path == $"/applications/{bot.Discord.ApplicationId}/commands");
        Assert.True(application.At < overwrite.At && overwrite.At <= identified, $"@me {application.At:O}, overwrite {overwrite.At:O}, IDENTIFY {identified:O}");
        Assert.Equal(7, bot.Discord.RegisteredCommands().Count);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("Registered 7 commands", StringComparison.Ordinal));
        bot.AssertClean();
    }

    [Fact]
    public async Task Start_DiscordFailsTheEarlyCheck_ChecksTheCommandsAtReady()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();
        bot.Discord.DeleteCommands();
        var before = bot.Discord.Requests.Count;
        // The first request of the start (the application's id) is refused: the start goes on and READY brings the check.
        bot.Discord.FailNextRequests(1, 400);

        await bot.StartHostAsync();

        var requests = bot.Discord.Requests.Skip(before).ToList();
        Assert.Equal(400, requests.First(r => r.Path == "/applications/@me").StatusCode);
        Assert.Single(requests, r => r.Method == "PUT" && r.Path == $"/applications/{bot.Discord.ApplicationId}/commands");
        Assert.Equal(7, bot.Discord.RegisteredCommands().Count);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("they are checked at READY instead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_InteractionOlderThan15Minutes_IsNotAnsweredAndTheLogSaysWhy()
    {
        await using var bot = await BotHarness.StartAsync();

        bot.Discord.InjectedInteractionAge = TimeSpan.FromMinutes(16);
        var stale = await bot.SlashAsync("paperbot", "help");
        bot.Discord.InjectedInteractionAge = TimeSpan.Zero;
        var fresh = await bot.FinalMessageAsync(await bot.SlashAsync("paperbot", "help"));
        await bot.IdleAsync();

        Assert.NotNull(fresh);
        Assert.False(stale.InitialResponse.IsCompleted);
        Assert.DoesNotContain(bot.Discord.Requests, r => r.Path.Contains($"/interactions/{stale.Id}/", StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, l => l.Contains($"Interaction {stale.Id} not answered", StringComparison.Ordinal) && l.Contains("15 minutes", StringComparison.Ordinal));
    }
}
