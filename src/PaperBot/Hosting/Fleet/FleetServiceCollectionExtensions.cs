using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Hosting.Fleet;

public static class FleetServiceCollectionExtensions
{
    /// <summary>
    /// What the processes of one bot must agree on: with <c>Storage:Provider = postgres</c> they take turns to
    /// IDENTIFY through <see cref="PostgresIdentifyGate"/>; a lone SQLite process needs only its own limiter.
    /// Call before <c>AddDiscordGateway</c>.
    /// </summary>
    public static IServiceCollection AddFleetCoordination(this IServiceCollection services)
    {
        services.TryAddSingleton<IGatewayIdentifyGate>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? new PostgresIdentifyGate(
                    sp.GetRequiredService<PostgresDatabase>(),
                    sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<PostgresIdentifyGate>>())
                : new InProcessIdentifyGate());
        return services;
    }
}
