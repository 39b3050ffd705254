using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.RateLimits;
using PaperBot.Discord.Rest;
using PaperBot.Interactions;

namespace PaperBot.Hosting;

/// <summary>
/// The one owner of the Discord gateway: checks the commands (and registers them when they changed), connects every
/// shard of the process, and hands every shard's events to <see cref="BotEventHandler"/>. A fatal close (bad token,
/// disallowed intents) stops the host with a clear log line and a non-zero exit code.
/// </summary>
public sealed partial class BotGatewayService(
    GatewayShardSet gateway,
    BotEventHandler handler,
    BotCommandRegistrar registrar,
    BotRunState state,
    IHostApplicationLifetime lifetime,
    ILogger<BotGatewayService> logger,
    DiscordRateLimiter limiter,
    DiscordRestClient rest,
    BotUptime uptime) : BackgroundService
{
    /// <summary>How long the start waits for Discord to answer the command check before connecting without it.</summary>
    public static readonly TimeSpan EarlyCheckLimit = TimeSpan.FromSeconds(5);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // /paperbot status counts uptime from the bot's start, not from the first time someone asks.
        uptime.Start();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var checkedBefore = await CheckCommandsBeforeConnectingAsync(stoppingToken).ConfigureAwait(false);
        var run = gateway.RunAsync(handler, stoppingToken);
        var registration = RegisterWhenReadyAsync(checkedBefore, stoppingToken);
        var tokenWatch = StopOnRejectedTokenAsync(stoppingToken);
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        catch (DiscordGatewayFatalException ex)
        {
            Log.Fatal(logger, ex.Message);
            state.Fail(ex.Message);
            lifetime.StopApplication();
        }
        // Anything else that ends the gateway ends the bot, with a reason and a non-zero exit.
        catch (Exception ex)
        {
            Log.Crashed(logger, ex);
            state.Fail(ex.Message);
            lifetime.StopApplication();
        }

        await registration.ConfigureAwait(false);
        await tokenWatch.ConfigureAwait(false);

        // Within the host's shutdown timeout; an interaction cut off after this expires at Discord.
        await handler.DrainAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    /// <summary>A REST 401 means the token is wrong, revoked or reset: nothing will work, so the bot exits (code 1).</summary>
    private async Task StopOnRejectedTokenAsync(CancellationToken stoppingToken)
    {
        try
        {
            var route = await limiter.TokenRejected.WaitAsync(stoppingToken).ConfigureAwait(false);
            var reason = $"Discord answered 401 Unauthorized (Authentication failed) to {route}: the bot token set in Discord:Token or Discord:TokenFile is wrong, revoked or was reset.";
            Log.Fatal(logger, reason);
            state.Fail(reason);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>
    /// The command check before the gateway connects, under the application's id from <c>GET /applications/@me</c>: the
    /// first users after a start then find the commands current, and the check does not share the cores with their
    /// first interactions at READY (docs/benchmarks.md, "cold start"). False when it could not be done within
    /// <see cref="EarlyCheckLimit"/>: the check then runs at READY, with READY's application id.
    /// </summary>
    private async Task<bool> CheckCommandsBeforeConnectingAsync(CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(EarlyCheckLimit);
        try
        {
            var application = await rest.GetCurrentApplicationAsync(limit.Token).ConfigureAwait(false);
            await registrar.RegisterAsync(application.Id, limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        // A rejected token: StopOnRejectedTokenAsync stops the bot and says why.
        catch (DiscordHttpException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return false;
        }
        // Discord slow or failing: the start goes on, and READY brings the check again.
        catch (Exception ex)
        {
            Log.EarlyCheckFailed(logger, ex, EarlyCheckLimit.TotalSeconds);
            return false;
        }
    }

    // At READY: the command check, unless it ran before the gateway connected.
    private async Task RegisterWhenReadyAsync(bool checkedBefore, CancellationToken stoppingToken)
    {
        try
        {
            var ready = await gateway.WaitForFirstReadyAsync(stoppingToken).ConfigureAwait(false);
            Log.Ready(logger, ready.BotUser.Username, ready.GuildIds.Count);
            if (!checkedBefore)
            {
                await registrar.RegisterAsync(ready.ApplicationId, stoppingToken).ConfigureAwait(false);
            }

            state.MarkCommandsChecked();
        }
        catch (Exception ex) when (ex is OperationCanceledException or DiscordGatewayFatalException)
        {
            // Shutdown, or the gateway failed: ExecuteAsync reports that.
        }
        // Stale commands are worth an error in the log, not a bot that will not start.
        catch (Exception ex)
        {
            Log.RegistrationFailed(logger, ex);
            state.MarkCommandsChecked();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6120, Level = LogLevel.Critical, Message = "Discord gateway stopped for good: {Reason} The bot exits; check Discord:Token and the bot's intents.")]
        public static partial void Fatal(ILogger logger, string reason);

        [LoggerMessage(EventId = 6121, Level = LogLevel.Critical, Message = "The Discord gateway failed; the bot exits")]
        public static partial void Crashed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6122, Level = LogLevel.Information, Message = "Connected to Discord as {BotName} in {GuildCount} guilds")]
        public static partial void Ready(ILogger logger, string botName, int guildCount);

        [LoggerMessage(EventId = 6123, Level = LogLevel.Error, Message = "Registering the slash commands failed; the previous ones stay in place")]
        public static partial void RegistrationFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6124, Level = LogLevel.Warning, Message = "Checking the slash commands before connecting failed or took over {Seconds:0} s; they are checked at READY instead")]
        public static partial void EarlyCheckFailed(ILogger logger, Exception exception, double seconds);
    }
}
