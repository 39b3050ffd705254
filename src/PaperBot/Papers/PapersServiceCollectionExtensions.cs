using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Papers.Search;
using PaperBot.Storage;

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
        services.TryAddSingleton<PaperStore>();
        services.TryAddSingleton<PaperSearch>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseSeeder, SampleDataSeeder>());
        return services;
    }
}
