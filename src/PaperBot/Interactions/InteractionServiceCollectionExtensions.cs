using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaperBot.Interactions;

public static class InteractionServiceCollectionExtensions
{
    /// <summary>
    /// The interaction framework: dispatcher, catalog, options, hooks. It knows no feature: each feature adds its
    /// modules with <see cref="AddCommandModule{TModule}"/> and its reaction handlers with
    /// <see cref="AddReactionHandler{THandler}"/> in its own <c>AddXxx()</c>.
    /// </summary>
    public static IServiceCollection AddInteractions(this IServiceCollection services)
    {
        services.AddOptions<CommandOptions>()
            .BindConfiguration(CommandOptions.SectionName)
            .Validate(o => o.AutoDeferAfter > TimeSpan.Zero && o.AutoDeferAfter < TimeSpan.FromMilliseconds(2500), $"{CommandOptions.SectionName}:AutoDeferAfter must be between 0 and 2.5 s (Discord allows 3 s).")
            .Validate(o => o.SearchHandleLifetime > TimeSpan.Zero, $"{CommandOptions.SectionName}:SearchHandleLifetime must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CommandHooks>();
        services.TryAddSingleton<CommandCatalog>();
        services.TryAddSingleton<InteractionDispatcher>();
        services.TryAddSingleton<BotUptime>();
        services.TryAddScoped<QueryTokens>();
        return services;
    }

    /// <summary>Registers a feature's module; one instance per interaction, in that interaction's scope.</summary>
    public static IServiceCollection AddCommandModule<TModule>(this IServiceCollection services)
        where TModule : class, ICommandModule
    {
        services.TryAddScoped<TModule>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ICommandModule, TModule>());
        return services;
    }

    /// <summary>Registers a feature's reaction handler; every registered handler sees every reaction, each in a fresh scope.</summary>
    public static IServiceCollection AddReactionHandler<THandler>(this IServiceCollection services)
        where THandler : class, IReactionHandler
    {
        services.TryAddScoped<THandler>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IReactionHandler, THandler>(sp => sp.GetRequiredService<THandler>()));
        return services;
    }

    /// <summary>Registers a feature's handler of new messages; every registered handler sees every message, each in a fresh scope.</summary>
    public static IServiceCollection AddMessageHandler<THandler>(this IServiceCollection services)
        where THandler : class, IMessageHandler
    {
        services.TryAddScoped<THandler>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IMessageHandler, THandler>(sp => sp.GetRequiredService<THandler>()));
        return services;
    }
}
