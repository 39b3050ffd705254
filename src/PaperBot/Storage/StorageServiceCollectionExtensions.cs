using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaperBot.Storage.Postgres;

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
        services.AddOptions<FleetOptions>().BindConfiguration(FleetOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<DatabaseMigrator>();
        // Resolved only with Storage:Provider = postgres (the data source needs the connection string).
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<PostgresMigrator>();
        services.TryAddSingleton(sp => new DatabaseInitializer(
            sp.GetRequiredService<DatabaseMigrator>(),
            sp.GetServices<IDatabaseSeeder>(),
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? sp.GetRequiredService<PostgresMigrator>()
                : null,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.SeedSamples));
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseInitializer>());
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? new StateDatabase(sp.GetRequiredService<PostgresDatabase>())
            : new StateDatabase(sp.GetRequiredService<SqliteConnectionFactory>()));
        services.TryAddSingleton<AppStateStore>();
        return services;
    }
}
