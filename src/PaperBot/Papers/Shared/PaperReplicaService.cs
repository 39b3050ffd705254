using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PaperBot.Papers.Shared;

/// <summary>
/// With shared papers, in the bot and the shell: keeps the local read model up to date. It listens for the
/// writers' notifications and pulls as soon as one arrives, and at least every <see cref="PaperReplicaOptions.PollInterval"/>
/// (a notification lost with a dropped connection costs one interval, never a row).
/// </summary>
internal sealed partial class PaperReplicaService(
    PaperReplica replica,
    PaperSharing sharing,
    TimeProvider timeProvider,
    IOptions<PaperReplicaOptions> options,
    ILogger<PaperReplicaService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!replica.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await sharing.Database.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using (connection.ConfigureAwait(false))
                {
                    await using (var listen = new NpgsqlCommand($"LISTEN {PaperSharing.Channel}", connection))
                    {
                        await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                    }

                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await replica.PullAsync(stoppingToken).ConfigureAwait(false);
                        await WaitAsync(connection, stoppingToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.PullFailed(logger, ex.GetType().Name, ex.Message);
                try
                {
                    await Task.Delay(options.Value.PollInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Until a notification arrives or the poll interval passes, whichever is first.</summary>
    private async Task WaitAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        using var interval = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(options.Value.PollInterval, timeProvider, interval.Token);
        var notified = connection.WaitAsync(interval.Token);
        await Task.WhenAny(timer, notified).ConfigureAwait(false);
        await interval.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(timer, notified).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The other of the two, cancelled above.
        }

        stoppingToken.ThrowIfCancellationRequested();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1035, Level = LogLevel.Warning, Message = "Updating the local paper index from the shared database failed ({Type}): {Message}")]
        public static partial void PullFailed(ILogger logger, string type, string message);
    }
}

/// <summary>With shared papers, in every process (CLI verbs too): builds or updates the read model before anything else runs.</summary>
internal sealed class PaperReplicaStartup(PaperReplica replica) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (replica.Enabled)
        {
            await replica.PullAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The <c>Replica</c> section: how a process keeps its local paper index up to date with shared papers.</summary>
public sealed class PaperReplicaOptions
{
    public const string SectionName = "Replica";

    /// <summary>Longest time between two pulls when no writer's notification arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
