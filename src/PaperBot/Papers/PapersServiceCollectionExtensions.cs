using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaperBot.Papers.Search;
using PaperBot.Papers.Shared;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Papers;

public static class PapersServiceCollectionExtensions
{
    /// <summary>The paper store, its search and the sample papers a new database is seeded with. Needs <c>AddStorage()</c>.</summary>
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.SectionName)
            .Validate(o => o.CommonTermFraction is > 0 and <= 1, $"{SearchOptions.SectionName}:CommonTermFraction must be in (0, 1].")
            .Validate(o => o.CandidateLimit is >= 100 and <= 1_000_000, $"{SearchOptions.SectionName}:CandidateLimit must be between 100 and 1000000.")
            .Validate(o => o.SortedReadSteps is >= 1_000, $"{SearchOptions.SectionName}:SortedReadSteps must be at least 1000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PaperSharing(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                ? sp.GetRequiredService<PostgresDatabase>()
                : null));
        services.TryAddSingleton<PaperReplica>();
        services.AddOptions<PaperReplicaOptions>()
            .BindConfiguration(PaperReplicaOptions.SectionName)
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(100), $"{PaperReplicaOptions.SectionName}:PollInterval must be at least 00:00:00.1.")
            .ValidateOnStart();
        // After the storage initializer (AddStorage comes first): with shared papers, the read model is built before
        // any later service searches it.
        services.AddHostedService<PaperReplicaStartup>();
        services.TryAddSingleton<PaperStore>();
        services.TryAddSingleton<PaperSearch>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseSeeder, SampleDataSeeder>());
        return services;
    }

    /// <summary>With shared papers, the bot's and the shell's background pull of the changes other processes write.</summary>
    public static IServiceCollection AddPaperReplication(this IServiceCollection services)
    {
        services.AddHostedService<PaperReplicaService>();
        return services;
    }
}
