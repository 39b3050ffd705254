using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.RateLimits;
using PaperBot.Observability;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Hosting.Observability;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Metrics, the Prometheus exporter and the <c>/metrics</c> + <c>/health</c> endpoint (which stays off unless
    /// <c>Metrics:Port</c> is set), the shutdown timeout and the WAL checkpoint on stop. For the bot process,
    /// called before the feature services so the checkpoint runs after they stop; the gateway is optional.
    /// </summary>
    public static IServiceCollection AddPaperBotObservability(this IServiceCollection services)
    {
        services.AddPaperBotConfigurationChecks();

        // SIGTERM → StopAsync: long enough for in-flight digest posts and the gateway's close frame, inside
        // the 30 s that `docker stop -t 30` (or compose's stop_grace_period: 30s) allows before SIGKILL. A post cut off stays in the digest ledger and resumes on the next start.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        services.AddHostedService<WalCheckpointOnStop>();
        services.TryAddSingleton(sp => new PaperBotMetrics(() => sp.GetService<GatewayShardSet>()?.SumCounters()));
        services.TryAddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<PaperBotMetrics>(), sp.GetService<DiscordRestMetrics>()));
        services.TryAddSingleton(sp =>
        {
            var gateway = sp.GetService<GatewayShardSet>();
            Func<bool?> ready = gateway is null
                ? () => null
                : () => gateway.AllConnected;
            var shared = sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? sp.GetRequiredService<PostgresDatabase>()
                : null;
            return new HealthProbe(sp.GetRequiredService<SqliteConnectionFactory>(), ready, shared);
        });
        services.TryAddSingleton<MetricsEndpoint>();
        services.AddHostedService(sp =>
        {
            // The exporter listens from before the first hosted service starts, so no early measurement is lost.
            sp.GetRequiredService<PrometheusExporter>();
            return sp.GetRequiredService<MetricsEndpoint>();
        });
        return services;
    }
}
