using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperBot.FakeDiscord.Gateway;
using PaperBot.FakeDiscord.Rest;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord;

/// <summary>A fake Discord (REST v10 + gateway v10) on loopback, built from Discord's public docs, for tests of the bot and its client.</summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private TaskCompletionSource _changed = NewSignal();

    private FakeDiscordServer(FakeDiscordOptions options)
    {
        Options = options;
        State = new FakeState();
        Ids = new SnowflakeGenerator(options.TimeProvider);
        Gateway = new GatewayHub(this);
        Rest = new RestApi(this);
    }

    internal FakeDiscordOptions Options { get; }
    internal FakeState State { get; }
    internal SnowflakeGenerator Ids { get; }
    internal GatewayHub Gateway { get; }
    internal RestApi Rest { get; }
    internal TimeProvider Time => Options.TimeProvider;
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>http://127.0.0.1:{port}/api/v10</summary>
    public Uri RestBaseUrl { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:{port}/gateway, what GET /gateway/bot returns as "url".</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>Path of the resume URL READY hands out; differs from the gateway's, as on Discord.</summary>
    public const string ResumeGatewayPath = "/resume-gateway";

    /// <summary>ws://127.0.0.1:{port}/resume-gateway: READY's resume_gateway_url. RESUME anywhere else is refused with op 9.</summary>
    public Uri ResumeGatewayUrl { get; private set; } = null!;

    /// <summary>http://127.0.0.1:{port}</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string BotToken => Options.BotToken;
    public ulong ApplicationId => Options.ApplicationId;
    public ulong BotUserId => Options.BotUserId;

    public static async Task<FakeDiscordServer> StartAsync(FakeDiscordOptions? options = null, CancellationToken ct = default)
    {
        var server = new FakeDiscordServer(options ?? new FakeDiscordOptions());
        // The fake reads no configuration file. By default the host would watch its content root (the working
        // directory) and everything under it for appsettings.json changes: a benchmark run from the folder that holds
        // the bot's store then took an inotify event for each of the bot's writes, on the same cores as the bot.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ApplicationName = typeof(FakeDiscordServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, server.Options.Port));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Run(server.HandleAsync);
        await app.StartAsync(ct);
        server._app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        server.BaseUrl = new Uri($"http://127.0.0.1:{port}");
        server.RestBaseUrl = new Uri($"http://127.0.0.1:{port}/api/v10");
        server.GatewayUrl = new Uri($"ws://127.0.0.1:{port}/gateway");
        server.ResumeGatewayUrl = new Uri($"ws://127.0.0.1:{port}{ResumeGatewayPath}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Gateway.DropAllAsync();
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutdown of lingering keep-alive connections is not worth waiting for in tests.
            }

            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    /// <summary>Waits (on the real clock) until <paramref name="condition"/> holds; re-checks on every state change and every 25 ms.</summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition())
            {
                return true;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            await Task.WhenAny(changed, Task.Delay(remaining < TimeSpan.FromMilliseconds(25) ? remaining : TimeSpan.FromMilliseconds(25), ct));
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Waits until a session is identified (or resumed) and live; throws <see cref="TimeoutException"/> otherwise.</summary>
    public async Task WaitForReadyAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        if (!await WaitUntilAsync(() => Gateway.AnyLiveSession, timeout, ct))
        {
            throw new TimeoutException($"No gateway session became ready within {timeout}. Connections: {ConnectionCount}, identifies: {IdentifyCount}, payloads received: {ReceivedGatewayPayloads.Count}.");
        }
    }

    internal void NotifyChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        if ((path.StartsWith("/gateway", StringComparison.Ordinal) || path == ResumeGatewayPath) && http.WebSockets.IsWebSocketRequest)
        {
            await Gateway.AcceptAsync(http, Stopping);
        }
        else if (path.StartsWith("/api/v10/", StringComparison.Ordinal))
        {
            await Rest.HandleAsync(http, Stopping);
        }
        else if (path.StartsWith("/attachments/", StringComparison.Ordinal) && HttpMethods.IsGet(http.Request.Method))
        {
            await AttachmentCdn.HandleAsync(this, http, Stopping);
        }
        else if (path.StartsWith("/_fake/", StringComparison.Ordinal) && Options.EnableControlEndpoints)
        {
            await ControlEndpoints.HandleAsync(this, http, Stopping);
        }
        else
        {
            await HttpJson.WriteAsync(http, 404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }, Stopping);
        }
    }
}
