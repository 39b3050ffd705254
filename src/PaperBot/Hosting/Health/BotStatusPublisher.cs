using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.Storage;

namespace PaperBot.Hosting.Health;

/// <summary>
/// Keeps the bot's status file (<see cref="BotStatusFile"/>) current: written at start (gateway connecting),
/// then every <see cref="HealthOptions.StatusInterval"/>, and deleted on a clean stop. Connected means every shard of
/// the process is in a session; the time since counts from the last moment that changed.
/// </summary>
public sealed partial class BotStatusPublisher(
    GatewayShardSet gateway,
    SqliteConnectionFactory connections,
    IOptions<HealthOptions> options,
    TimeProvider timeProvider,
    ILogger<BotStatusPublisher> logger) : BackgroundService
{
    private readonly string _path = BotStatusFile.PathFor(connections.DatabasePath);
    private DateTimeOffset _startedAt;
    private bool _connected;
    private DateTimeOffset _since;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the gateway starts connecting, so its grace period counts from here.
        _startedAt = timeProvider.GetUtcNow();
        _since = _startedAt;
        await PublishAsync(cancellationToken).ConfigureAwait(false);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        BotStatusFile.Delete(_path);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(options.Value.StatusInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                await PublishAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var ready = gateway.ConnectedCount;
        var connected = ready == gateway.Shards.Count;
        if (connected != _connected)
        {
            _connected = connected;
            _since = now;
        }

        try
        {
            await BotStatusFile.WriteAsync(_path, new BotStatus(Environment.ProcessId, _startedAt, now, _connected, _since, ready, gateway.Shards.Count), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The health check then finds the file stale, which is the truth: say why here.
            Log.WriteFailed(logger, _path, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6130, Level = LogLevel.Warning, Message = "Could not write the bot status file {Path}: {Error}")]
        public static partial void WriteFailed(ILogger logger, string path, string error);
    }
}
