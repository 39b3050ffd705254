using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Ingestion;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Hosting;

public static class PaperBotServiceCollectionExtensions
{
    /// <summary>
    /// Everything both the CLI verbs and the bot need: one line per feature. Services that talk to Discord
    /// or run on a schedule belong with the bot's start-up, not here, so a CLI verb never starts them.
    /// </summary>
    public static IServiceCollection AddPaperBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorage();
        services.AddPapers();
        services.AddSemantic();
        services.AddPaperBotConfigurationChecks();
        services.AddIngestion();
        services.AddImporters();
        return services;
    }
}
