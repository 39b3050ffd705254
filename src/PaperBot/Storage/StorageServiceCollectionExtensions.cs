using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PaperBot.Papers;
using PaperBot.Papers.Search;

namespace PaperBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The database, its start-up migration and seeding, the paper store and search. Call it before
    /// adding other hosted services: the initializer must run first.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), $"{StorageOptions.SectionName}:DatabasePath must name a file.")
            .ValidateOnStart();
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .Validate(o => o.CommonTermFraction is > 0 and <= 1, $"{SearchOptions.SectionName}:CommonTermFraction must be in (0, 1].")
            .Validate(o => o.CandidateLimit is >= 100 and <= 1_000_000, $"{SearchOptions.SectionName}:CandidateLimit must be between 100 and 1000000.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.TryAddSingleton<AppStateStore>();
        services.TryAddSingleton<PaperStore>();
        services.TryAddSingleton<PaperSearch>();
        return services;
    }
}
