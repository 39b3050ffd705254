using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PaperBot.Scheduling;

/// <summary>
/// A feature's due loop (bot only): run <typeparamref name="TPass"/>, then sleep on <typeparamref name="TWakeup"/>
/// until the instant the pass said is next due or until a command wakes it. Each pass runs in its own scope; a
/// failed pass is logged and retried after <see cref="DueLoopSettings.RetryDelay"/>, never fatal. Register it with
/// <see cref="SchedulingServiceCollectionExtensions.AddDueLoop{TPass, TWakeup}"/>.
/// </summary>
public sealed partial class DueLoopService<TPass, TWakeup>(
    IServiceScopeFactory scopes,
    TWakeup wakeup,
    DueLoopSettings settings,
    TimeProvider timeProvider,
    ILogger logger) : BackgroundService
    where TPass : IDuePass
    where TWakeup : DueWakeup
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Enabled)
        {
            Log.Disabled(logger, settings.Name, settings.EnabledSetting);
            return;
        }

        await wakeup.RunPassesAsync(
            async ct =>
            {
                var scope = scopes.CreateAsyncScope();
                await using (scope.ConfigureAwait(false))
                {
                    return await scope.ServiceProvider.GetRequiredService<TPass>().RunDueAsync(ct).ConfigureAwait(false);
                }
            },
            settings.RetryDelay,
            timeProvider,
            ex => Log.RunFailed(logger, settings.Name, ex),
            stoppingToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Error, Message = "{Loop} run failed; retrying later")]
        public static partial void RunFailed(ILogger logger, string loop, Exception exception);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "{Loop} disabled by {Setting}")]
        public static partial void Disabled(ILogger logger, string loop, string setting);
    }
}
