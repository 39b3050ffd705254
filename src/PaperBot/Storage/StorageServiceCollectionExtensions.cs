using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PaperBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The database, its start-up migration and the seeding of a new one (by the registered
    /// <see cref="IDatabaseSeeder"/>s), and the app-state store. Call it before adding other hosted services:
    /// the initializer must run first.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabasePath), $"{StorageOptions.SectionName}:DatabasePath must name a file.")
            .Validate(
                o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"{StorageOptions.SectionName}:ConnectionString must be set when {StorageOptions.SectionName}:Provider is postgres.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<DatabaseInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.TryAddSingleton<AppStateStore>();
        return services;
    }
}
