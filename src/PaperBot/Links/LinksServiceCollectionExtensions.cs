using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Chat;
using PaperBot.Interactions;
using PaperBot.Memory;

namespace PaperBot.Links;

public static class LinksServiceCollectionExtensions
{
    /// <summary>Paper links in conversation: the message commands and link cards. Needs the library, ingestion (papers on demand) and the Discord REST client.</summary>
    public static IServiceCollection AddLinks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddChat();
        services.AddMemory();
        services.TryAddSingleton<LinkCardGate>();
        services.TryAddScoped<PaperLinkReader>();
        services.TryAddScoped<LinkCardRecorder>();
        services.AddCommandModule<LinkCommandModule>();
        services.AddMessageHandler<LinkCardListener>();
        return services;
    }
}
