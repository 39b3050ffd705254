using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Gateway;

public static class DiscordGatewayServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="GatewayShardSet"/> (one client per shard of Discord:Shards), its options from "Discord:Gateway",
    /// and the REST client it asks for the gateway URL. The host still owns calling <c>RunAsync</c>.
    /// </summary>
    public static IServiceCollection AddDiscordGateway(this IServiceCollection services)
    {
        services.AddDiscordRest();
        services.AddOptions<DiscordGatewayOptions>()
            .BindConfiguration(DiscordGatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.InvalidSessionDelayMin >= TimeSpan.Zero && o.InvalidSessionDelayMax >= o.InvalidSessionDelayMin,
                $"{DiscordGatewayOptions.SectionName}:InvalidSessionDelayMin must not be negative nor above InvalidSessionDelayMax.")
            .Validate(
                o => o.ReconnectBackoffBase > TimeSpan.Zero && o.ReconnectBackoffMax >= o.ReconnectBackoffBase,
                $"{DiscordGatewayOptions.SectionName}:ReconnectBackoffBase must be positive and not above ReconnectBackoffMax.")
            .Validate(
                o => o.HelloTimeout > TimeSpan.Zero && o.CloseTimeout > TimeSpan.Zero && o.SendWindow > TimeSpan.Zero,
                $"{DiscordGatewayOptions.SectionName}:HelloTimeout, CloseTimeout and SendWindow must be positive.")
            .Validate(o => o.IdentifyInterval >= TimeSpan.Zero, $"{DiscordGatewayOptions.SectionName}:IdentifyInterval must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGatewayUrlSource, RestGatewayUrlSource>();

        // One per process: every shard's IDENTIFY goes through it, and through the fleet's gate (a database's, when
        // the host registers one before this).
        services.TryAddSingleton<IGatewayIdentifyGate, InProcessIdentifyGate>();
        services.TryAddSingleton(sp => new GatewayIdentifyLimiter(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DiscordGatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<GatewayIdentifyLimiter>>(),
            sp.GetRequiredService<IGatewayIdentifyGate>()));
        services.TryAddSingleton<GatewayShardSet>();

        // The first shard, for callers that run one (tests, tools); the bot runs the whole set.
        services.TryAddSingleton(sp => sp.GetRequiredService<GatewayShardSet>().Shards[0]);
        return services;
    }
}
