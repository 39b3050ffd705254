using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Club;

/// <summary>
/// The reminder loop (bot only): send what is due, then sleep until the next reminder owed or until
/// <c>/club schedule</c> wakes it. Each pass runs in its own scope; a failed pass is logged and retried.
/// </summary>
public sealed partial class ClubReminderService(
    IServiceScopeFactory scopes,
    ClubWakeup wakeup,
    IOptions<ClubOptions> options,
    TimeProvider timeProvider,
    ILogger<ClubReminderService> logger) : BackgroundService
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
                    return await scope.ServiceProvider.GetRequiredService<ClubReminders>().RunDueAsync(ct).ConfigureAwait(false);
                }
            },
            options.Value.RetryDelay,
            timeProvider,
            ex => Log.RunFailed(logger, ex),
            stoppingToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Journal club reminder run failed; retrying later")]
        public static partial void RunFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 7104, Level = LogLevel.Information, Message = "Journal club reminders disabled by Club:Enabled")]
        public static partial void Disabled(ILogger logger);
    }
}
