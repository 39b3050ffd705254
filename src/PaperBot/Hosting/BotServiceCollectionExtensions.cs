using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Club;
using PaperBot.Interactions;
using PaperBot.Lookup;
using PaperBot.Digest;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Rest;
using PaperBot.Hosting.Fleet;
using PaperBot.Hosting.Observability;
using PaperBot.Ingestion;
using PaperBot.Library;
using PaperBot.Links;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Hosting;

public static class BotServiceCollectionExtensions
{
    /// <summary>
    /// What both the Discord bot and the local shell serve: the digest and library logic, the interaction
    /// framework and every command module. Needs <see cref="PaperBotServiceCollectionExtensions.AddPaperBotCore"/>.
    /// </summary>
    public static IServiceCollection AddBotFeatures(this IServiceCollection services)
    {
        // The digest commands read DiscordOptions and may post; the shell gets the client too, unused without a token.
        services.AddDiscordRest();
        // Modules in the order their commands are registered with Discord and listed by /paperbot help.
        services.AddInteractions();
        services.AddLookup();
        services.AddDigest();
        services.AddLibrary();
        services.AddLinks();
        services.AddClub();
        services.AddHostedService<TimeZoneWarmUp>();
        services.AddHostedService<SearchWarmUp>();
        services.AddSemanticBackground();
        services.AddPaperReplication();
        return services;
    }

    /// <summary>The Discord bot: gateway owner, command registration, schedules and observability.</summary>
    public static IServiceCollection AddBot(this IServiceCollection services)
    {
        // Observability first: its WAL checkpoint then runs after the feature services have stopped.
        services.AddPaperBotObservability();
        services.AddFleetCoordination();
        services.AddDiscordGateway();
        services.AddHostedService<Health.BotStatusPublisher>();
        services.AddBotFeatures();
        services.AddDigestService();
        services.AddClubService();
        services.AddIngestionService();
        services.TryAddSingleton<BotRunState>();
        services.TryAddSingleton<BotCommandRegistrar>();
        services.TryAddSingleton<BotEventHandler>();
        // One for the bot's life: it holds nothing of an interaction's. Resolved per interaction, a transient one was
        // built by reflection at READY, then compiled a constructor stub and a resolver beside the first users.
        services.TryAddSingleton<DiscordInteractionResponder>();
        // Before the gateway: its start waits for the warm-up (at most InteractionWarmUp.MaxDelay).
        services.TryAddSingleton<InteractionWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<InteractionWarmUp>());
        // After the warm-up, before the gateway: the trim's first look gives back what the start-up freed.
        services.AddHostedService<MemoryTrim>();
        services.AddHostedService<BotGatewayService>();
        return services;
    }
}
