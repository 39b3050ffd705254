using Microsoft.Extensions.DependencyInjection;

namespace PaperBot.Ingestion.Importers;

public static class ImportersServiceCollectionExtensions
{
    public static IServiceCollection AddImporters(this IServiceCollection services)
    {
        services.AddTransient<PaperImporter>();
        return services;
    }
}
