using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Chat;
using PaperBot.Interactions;
using PaperBot.Memory;

namespace PaperBot.Library;

public static class LibraryServiceCollectionExtensions
{
    /// <summary>Personal libraries: store, the save-by-reaction handler, recommendations, forget-me and the <c>/library</c> module. Needs storage and papers.</summary>
    public static IServiceCollection AddLibrary(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddChat();
        services.AddMemory();
        services.AddSingleton<LibraryStore>();
        services.AddSingleton<LibraryForgetter>();
        services.AddReactionHandler<LibraryReactions>();
        services.AddScoped<LibraryRecommender>();
        services.AddScoped<LibraryService>();
        services.AddCommandModule<LibraryCommandModule>();
        return services;
    }
}
