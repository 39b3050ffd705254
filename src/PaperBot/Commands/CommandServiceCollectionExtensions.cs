using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Commands.Papers;

namespace PaperBot.Commands;

public static class CommandServiceCollectionExtensions
{
    /// <summary>The interaction framework: dispatcher, catalog, options, hooks. Modules are added with <see cref="AddCommandModule{TModule}"/>.</summary>
    public static IServiceCollection AddCommands(this IServiceCollection services)
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
        return services;
    }

    /// <summary><c>/paper</c> and <c>/paperbot</c>. Needs storage, papers and the library store.</summary>
    public static IServiceCollection AddPaperCommands(this IServiceCollection services)
    {
        services.AddCommands();
        services.TryAddScoped<SearchPaging>();
        services.AddCommandModule<PaperCommandModule>();
        services.AddCommandModule<PaperBotCommandModule>();
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
}
