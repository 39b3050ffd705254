using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Discord.Gateway;
using PaperBot.Storage;

namespace PaperBot.Hosting.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Metrics, the collector and the <c>/metrics</c> + <c>/health</c> endpoint (which stays off unless
    /// <c>Metrics:Port</c> is set). For the bot process; the gateway is optional (the shell has none).
    /// </summary>
    public static IServiceCollection AddPaperBotObservability(this IServiceCollection services)
    {
        services.AddPaperBotConfigurationChecks();
        services.TryAddSingleton(sp => new PaperBotMetrics(() => sp.GetService<DiscordGatewayClient>()?.Counters));
        services.TryAddSingleton<MetricsCollector>();
        services.TryAddSingleton(sp =>
        {
            var gateway = sp.GetService<DiscordGatewayClient>();
            Func<bool?> ready = gateway is null
                ? () => null
                : () => gateway.WaitForReadyAsync(CancellationToken.None).IsCompletedSuccessfully;
            return new HealthProbe(sp.GetRequiredService<SqliteConnectionFactory>(), ready);
        });
        services.TryAddSingleton<MetricsEndpoint>();
        services.AddHostedService(sp =>
        {
            // The collector is created before anything records, so no early measurement is lost.
            sp.GetRequiredService<MetricsCollector>();
            return sp.GetRequiredService<MetricsEndpoint>();
        });
        return services;
    }
}
