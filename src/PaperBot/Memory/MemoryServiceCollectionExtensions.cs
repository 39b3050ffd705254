using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaperBot.Memory;

public static class MemoryServiceCollectionExtensions
{
    /// <summary>The server memory and the link-card channel setting. Needs storage.</summary>
    public static IServiceCollection AddMemory(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ServerMemory>();
        services.TryAddSingleton<LinkCardChannels>();
        return services;
    }
}
