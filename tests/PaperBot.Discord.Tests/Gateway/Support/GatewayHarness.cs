using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Gateway.Support;

/// <summary>A fake Discord on loopback and a gateway client running against it, with short test timings.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    public const string Token = "gateway-test-token-Zx81";

    private readonly CancellationTokenSource _stop = new();

    private GatewayHarness(FakeDiscordServer server, DiscordGatewayClient client, GatewayLogSink<DiscordGatewayClient> log)
    {
        Server = server;
        Client = client;
        Log = log;
    }

    public FakeDiscordServer Server { get; }

    public DiscordGatewayClient Client { get; }

    public GatewayLogSink<DiscordGatewayClient> Log { get; }

    public RecordingHandler Handler { get; } = new();

    public Task Run { get; private set; } = Task.CompletedTask;

    public static async Task<GatewayHarness> StartAsync(
        Action<FakeDiscordOptions>? configureFake = null,
        Action<DiscordOptions>? configureDiscord = null,
        Func<FakeDiscordServer, IGatewayUrlSource>? urlSource = null,
        Random? random = null,
        bool run = true)
    {
        var fakeOptions = new FakeDiscordOptions
        {
            BotToken = Token,
            // Long enough that a busy CI machine never delays an ACK past the next beat (the client would take
            // the connection for a zombie and reconnect); tests about heartbeats set a short interval themselves.
            HeartbeatInterval = TimeSpan.FromSeconds(1),

            // Generous, so a busy CI machine never makes the fake time the session out by accident.
            HeartbeatTimeout = TimeSpan.FromSeconds(5),

            // Identify pacing has its own tests on a fake clock; here re-identifies go at once.
            IdentifyInterval = TimeSpan.Zero,
        };
        configureFake?.Invoke(fakeOptions);
        var server = await FakeDiscordServer.StartAsync(fakeOptions);

        var discord = new DiscordOptions { Token = Token };
        configureDiscord?.Invoke(discord);
        var gateway = new DiscordGatewayOptions
        {
            InvalidSessionDelayMin = TimeSpan.FromMilliseconds(20),
            InvalidSessionDelayMax = TimeSpan.FromMilliseconds(60),
            ReconnectBackoffBase = TimeSpan.FromMilliseconds(30),
            ReconnectBackoffMax = TimeSpan.FromMilliseconds(200),
            HelloTimeout = TimeSpan.FromSeconds(2),
            CloseTimeout = TimeSpan.FromMilliseconds(500),
            IdentifyInterval = TimeSpan.Zero,
        };
        var log = new GatewayLogSink<DiscordGatewayClient>();
        var client = new DiscordGatewayClient(
            Options.Create(discord),
            Options.Create(gateway),
            urlSource?.Invoke(server) ?? new DelegateGatewayUrlSource(_ => Task.FromResult(server.GatewayUrl)),
            TimeProvider.System,
            log,
            random ?? new Random(1234));
        var harness = new GatewayHarness(server, client, log);
        if (run)
        {
            harness.Start();
        }

        return harness;
    }

    public void Start() => Run = Client.RunAsync(Handler, _stop.Token);

    public async Task<ReadyEvent> WaitForReadyAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await Client.WaitForReadyAsync(timeout.Token);
    }

    /// <summary>Dispatches TEST_EVENT {n} for each number, each with the fake's next sequence.</summary>
    public async Task DispatchNumbersAsync(IEnumerable<int> numbers)
    {
        foreach (var n in numbers)
        {
            await Server.DispatchAsync("TEST_EVENT", new JsonObject { ["n"] = n });
        }
    }

    public Task WaitForNumbersAsync(int count) =>
        Handler.WaitUntilAsync(_ => Handler.Numbers("TEST_EVENT").Count >= count, $"{count} TEST_EVENTs");

    public async Task WaitForFakeAsync(Func<FakeDiscordServer, bool> condition, string what)
    {
        if (!await Server.WaitUntilAsync(() => condition(Server), TimeSpan.FromSeconds(5)))
        {
            throw new TimeoutException($"Timed out waiting for {what}: connections {Server.ConnectionCount}, identifies {Server.IdentifyCount}, resumes {Server.ResumeCount}.");
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or DiscordGatewayFatalException or TimeoutException)
        {
            // Tests that expect these observe them themselves.
        }

        await Client.DisposeAsync();
        await Server.DisposeAsync();
        _stop.Dispose();
    }
}
