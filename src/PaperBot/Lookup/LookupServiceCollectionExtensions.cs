using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Interactions;
using PaperBot.Memory;

namespace PaperBot.Lookup;

public static class LookupServiceCollectionExtensions
{
    /// <summary><c>/paper</c> and <c>/paperbot</c>. Needs the interaction framework, papers, the library store and ingestion's status.</summary>
    public static IServiceCollection AddLookup(this IServiceCollection services)
    {
        services.AddMemory();
        services.TryAddScoped<SearchPaging>();
        services.AddCommandModule<PaperCommandModule>();
        services.AddCommandModule<PaperBotCommandModule>();
        return services;
    }
}
