using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Digest;

/// <summary>
/// The digest loop: run what is due (resuming unfinished batches first, so a restart completes them),
/// then sleep until the next channel's posting time (an absolute instant) or a command's wake-up. Each pass runs in its own
/// scope and a failed pass is logged, never fatal.
/// </summary>
public sealed partial class DigestService(
    IServiceScopeFactory scopes,
    DigestWakeup wakeup,
    IOptions<DigestOptions> options,
    TimeProvider timeProvider,
    ILogger<DigestService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            Log.Disabled(logger);
            return;
        }

        await wakeup.RunPassesAsync(
            async ct =>
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    return await scope.ServiceProvider.GetRequiredService<DigestRunner>().RunDueAsync(ct).ConfigureAwait(false);
                }
            },
            options.Value.RetryDelay,
            timeProvider,
            ex => Log.RunFailed(logger, ex),
            stoppingToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4321, Level = LogLevel.Error, Message = "Digest run failed; retrying later")]
        public static partial void RunFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4322, Level = LogLevel.Information, Message = "Digest service disabled by Digest:Enabled")]
        public static partial void Disabled(ILogger logger);
    }
}
