using Microsoft.Extensions.DependencyInjection;
using PaperBot.Interactions;
using PaperBot.Discord.Models;
using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>The bot host's start-up: command registration by hash, and a bad token.</summary>
public sealed class BotHostTests
{
    [Fact]
    public async Task Start_TwiceWithSameDefinitions_RegistersCommandsOnce()
    {
        await using var bot = await BotHarness.StartAsync();
        Assert.Equal(1, bot.Discord.CommandOverwriteCount);
        var names = bot.Discord.RegisteredCommands().Where(c => c["type"]!.GetValue<int>() == 1).Select(c => c["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["club", "digest", "library", "paper", "paperbot"], names.OrderBy(n => n, StringComparer.Ordinal).ToList());
        var messageCommands = bot.Discord.RegisteredCommands().Where(c => c["type"]!.GetValue<int>() == 3).Select(c => c["name"]!.GetValue<string>());
        Assert.Equal(["Paper cards", "Save papers"], messageCommands.Order(StringComparer.Ordinal).ToList());

        await bot.StopHostAsync();
        await bot.StartHostAsync();

        Assert.Equal(1, bot.Discord.CommandOverwriteCount);
        bot.AssertClean();
    }

    [Fact]
    public async Task Stop_ClosesTheGatewayWith1000()
    {
        await using var bot = await BotHarness.StartAsync();

        await bot.StopHostAsync();

        Assert.True(await bot.Discord.WaitUntilAsync(() => bot.Discord.ClientCloseCodes.Count > 0, TimeSpan.FromSeconds(5)));
        Assert.Equal([1000], bot.Discord.ClientCloseCodes);
        Assert.False(bot.Discord.IsGatewayReady);
    }

    [Fact]
    public async Task Start_WithChangedDefinitions_RegistersAgain()
    {
        await using var bot = await BotHarness.StartAsync();

        await bot.StopHostAsync();
        await bot.StartHostAsync(configure: s => s.AddCommandModule<ExtraModule>());

        Assert.Equal(2, bot.Discord.CommandOverwriteCount);
        Assert.Contains(bot.Discord.RegisteredCommands(), c => c["name"]!.GetValue<string>() == "extra");
        bot.AssertClean();
    }

    [Fact]
    public async Task Start_WithDevGuild_RegistersOnThatGuildOnly()
    {
        await using var bot = await BotHarness.StartAsync();
        await bot.StopHostAsync();

        await bot.StartHostAsync(new Dictionary<string, string?> { ["Discord:DevGuildId"] = bot.GuildId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(2, bot.Discord.CommandOverwriteCount);
        Assert.Contains(bot.Discord.RegisteredCommands(bot.GuildId), c => c["name"]!.GetValue<string>() == "paper");
        bot.AssertClean();
    }

    [Fact]
    public async Task Run_TokenRefusedWith401_ExitsNonZeroWithClearMessage_AndNeverLogsTheToken()
    {
        const string token = "MTIzNDU2.not-the-real-one.SECRET-TOKEN-VALUE";
        await using var bot = await BotHarness.StartAsync();
        bot.ExpectedRejectionCodes.Add(0); // 401: Unauthorized carries code 0
        await bot.StopHostAsync();
        var host = bot.BuildHost(new Dictionary<string, string?> { ["Discord:Token"] = token });
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var exitCode = await BotEntryPoint.RunDiscordAsync(host, error, timeout.Token);

        Assert.Equal(1, exitCode);
        Assert.False(timeout.IsCancellationRequested, "the host did not stop on its own");
        Assert.Contains("Authentication failed", error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Discord gateway stopped for good", bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TOKEN", bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("MTIzNDU2", bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TOKEN", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class ExtraModule : ICommandModule
    {
        public IReadOnlyList<ApplicationCommand> Definitions { get; } = [new ApplicationCommand { Name = "extra", Description = "An added command" }];

        public IReadOnlyList<string> ComponentPrefixes => [];

        public Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken) => context.RespondAsync(InteractionReply.Text("extra"), cancellationToken);

        public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
