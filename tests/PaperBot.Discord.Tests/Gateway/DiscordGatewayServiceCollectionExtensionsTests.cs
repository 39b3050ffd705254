using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Tests.Gateway.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class DiscordGatewayServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddDiscordGateway_FromConfiguration_GetsUrlFromRestAndBecomesReady()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            BotToken = GatewayHarness.Token,
            HeartbeatInterval = TimeSpan.FromMilliseconds(150),
            HeartbeatTimeout = TimeSpan.FromSeconds(5),
        });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = GatewayHarness.Token,
            ["Discord:RestBaseUrl"] = server.RestBaseUrl.ToString(),
            ["Discord:Gateway:InvalidSessionDelayMin"] = "00:00:00.010",
            ["Discord:Gateway:InvalidSessionDelayMax"] = "00:00:00.020",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDiscordGateway()
            .BuildServiceProvider();
        var client = provider.GetRequiredService<DiscordGatewayClient>();
        using var stop = new CancellationTokenSource();

        var run = client.RunAsync((_, _) => ValueTask.CompletedTask, stop.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var ready = await client.WaitForReadyAsync(timeout.Token);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(server.BotUserId, ready.BotUser.Id);
        Assert.Equal(TimeSpan.FromMilliseconds(20), provider.GetRequiredService<IOptions<DiscordGatewayOptions>>().Value.InvalidSessionDelayMax);
        Assert.Contains(server.Requests, r => r.Path == "/gateway/bot");
    }

    [Fact]
    public async Task AddDiscordGateway_InvalidDelays_FailsValidationNamingTheKey()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Gateway:InvalidSessionDelayMin"] = "00:00:05",
            ["Discord:Gateway:InvalidSessionDelayMax"] = "00:00:01",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDiscordGateway()
            .BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordGatewayOptions>>().Value);
        Assert.Contains("Discord:Gateway:InvalidSessionDelayMin", ex.Message, StringComparison.Ordinal);
    }
}
