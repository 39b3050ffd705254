using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.RateLimits;
using PaperBot.Interactions;

namespace PaperBot.Hosting;

/// <summary>
/// The one owner of the Discord gateway: connects every shard of the process, waits for the first READY, registers
/// the commands (when they changed), and hands every shard's events to <see cref="BotEventHandler"/>. A fatal close (bad token, disallowed
/// intents) stops the host with a clear log line and a non-zero exit code.
/// </summary>
public sealed partial class BotGatewayService(
    GatewayShardSet gateway,
    BotEventHandler handler,
    BotCommandRegistrar registrar,
    BotRunState state,
    IHostApplicationLifetime lifetime,
    ILogger<BotGatewayService> logger,
    DiscordRateLimiter limiter,
    BotUptime uptime) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // /paperbot status counts uptime from the bot's start, not from the first time someone asks.
        uptime.Start();
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = gateway.RunAsync(handler, stoppingToken);
        var registration = RegisterWhenReadyAsync(stoppingToken);
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

    private async Task RegisterWhenReadyAsync(CancellationToken stoppingToken)
    {
        try
        {
            var ready = await gateway.WaitForFirstReadyAsync(stoppingToken).ConfigureAwait(false);
            Log.Ready(logger, ready.BotUser.Username, ready.GuildIds.Count);
            await registrar.RegisterAsync(ready.ApplicationId, stoppingToken).ConfigureAwait(false);
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
    }
}
