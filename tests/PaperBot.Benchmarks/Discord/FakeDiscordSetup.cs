using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Discord.Rest;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>A fake Discord on loopback and a real <see cref="DiscordRestClient"/> wired through AddDiscordRest, as the bot wires it.</summary>
internal sealed class FakeDiscordSetup : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private FakeDiscordSetup(FakeDiscordServer server, ServiceProvider services)
    {
        Server = server;
        this.services = services;
        Rest = services.GetRequiredService<DiscordRestClient>();
    }

    public FakeDiscordServer Server { get; }

    public DiscordRestClient Rest { get; }

    public static async Task<FakeDiscordSetup> StartAsync(FakeDiscordOptions options, CancellationToken ct)
    {
        var server = await FakeDiscordServer.StartAsync(options, ct);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = server.BotToken,
            ["Discord:RestBaseUrl"] = server.RestBaseUrl.ToString(),
            ["Discord:GlobalRequestsPerSecond"] = options.GlobalRequestsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDiscordRest()
            .BuildServiceProvider();
        return new FakeDiscordSetup(server, provider);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await Server.DisposeAsync();
    }
}
