using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PaperBot.Scheduling;

public static class SchedulingServiceCollectionExtensions
{
    /// <summary>
    /// Runs <typeparamref name="TPass"/> (resolved in a fresh scope each pass) as a hosted due loop woken by the
    /// <typeparamref name="TWakeup"/> singleton, both of which the feature registers itself. The loop logs under the
    /// pass's category, so a feature's log filter covers its loop.
    /// </summary>
    public static IServiceCollection AddDueLoop<TPass, TWakeup>(this IServiceCollection services, Func<IServiceProvider, DueLoopSettings> settings)
        where TPass : IDuePass
        where TWakeup : DueWakeup
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddHostedService(sp => new DueLoopService<TPass, TWakeup>(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<TWakeup>(),
            settings(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TPass))));
        return services;
    }
}
