using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Digest;

namespace PaperBot.Library;

public static class LibraryServiceCollectionExtensions
{
    /// <summary>Personal libraries: store, reactions, recommendations, forget-me. Needs storage, papers and the digest's posted-message store.</summary>
    public static IServiceCollection AddLibrary(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostedMessageStore>();
        services.AddSingleton<LibraryStore>();
        services.AddSingleton<LibraryForgetter>();
        services.AddScoped<LibraryReactions>();
        services.AddScoped<LibraryRecommender>();
        services.AddScoped<LibraryCommands>();
        return services;
    }
}
