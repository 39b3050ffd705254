using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaperBot.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>What every feature that posts papers shares: the record of which message shows which paper.</summary>
    public static IServiceCollection AddChat(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostedMessageStore>();
        return services;
    }
}
