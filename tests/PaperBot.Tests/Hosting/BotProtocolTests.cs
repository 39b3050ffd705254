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
    public async Task Run_Rest401AfterReady_ExitsWith1AndNamesTheTokenSettingWithoutPrintingIt()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();
        var host = bot.BuildHost();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        Task<int> run;
        using (bot.Discord.HoldGatewayConnections())
        {
            // The gateway asks for its URL first; the next REST call, once READY, is the command check: it gets the 401.
            var before = bot.Discord.Requests.Count;
            run = BotEntryPoint.RunDiscordAsync(host, error, timeout.Token);
            Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.Requests.Skip(before).Any(r => r.Path == "/gateway/bot"), TimeSpan.FromSeconds(5)));
            bot.Discord.FailNextRequests(1, 401);
        }

        var exitCode = await run;

        Assert.Equal(1, exitCode);
        Assert.False(timeout.IsCancellationRequested, "the host did not stop on its own");
        Assert.Single(bot.Discord.Requests, r => r.StatusCode == 401);
        Assert.Contains("401", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Discord:Token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Discord.BotToken, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Discord.BotToken, bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Discord.Requests.Skip(1), r => r.StatusCode == 401 && r.Path != $"/applications/{bot.Discord.ApplicationId}/commands");
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
