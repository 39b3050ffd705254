using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Storage;

namespace PaperBot.Papers.Semantic;

public static class SemanticServiceCollectionExtensions
{
    /// <summary>Search by meaning: the embedding model, the paper vectors and the hybrid search every command uses.</summary>
    public static IServiceCollection AddSemantic(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        const string Section = SemanticOptions.SectionName;
        services.AddOptions<SemanticOptions>()
            .BindConfiguration(Section)
            .Validate(o => EmbeddingModel.Find(o.Model) is not null, $"{Section}:Model must be one of: {string.Join(", ", EmbeddingModel.All.Select(m => m.Name))}.")
            .Validate(o => o.Threads is >= 0 and <= 64, $"{Section}:Threads must be between 0 (every core) and 64.")
            .Validate(o => o.BatchSize is >= 1 and <= 256, $"{Section}:BatchSize must be between 1 and 256.")
            .Validate(o => o.MaxTokens is >= 16 and <= 512, $"{Section}:MaxTokens must be between 16 and 512 (the models' limit).")
            .Validate(o => o.MeaningCandidates is >= 1 and <= 1000, $"{Section}:MeaningCandidates must be between 1 and 1000.")
            .Validate(o => o.KeywordQueryWords is >= 0 and <= 32, $"{Section}:KeywordQueryWords must be between 0 and 32.")
            .Validate(o => o.FewMatches is >= 0 and <= 1000, $"{Section}:FewMatches must be between 0 and 1000.")
            .Validate(o => o.MinSimilarity is null or (>= -1 and <= 1), $"{Section}:MinSimilarity must be between -1 and 1.")
            .Validate(o => o.BackfillInterval >= TimeSpan.FromSeconds(1), $"{Section}:BackfillInterval must be at least 00:00:01.")
            .Validate(o => o.LexicalWeight >= 0 && o.MeaningWeight >= 0 && o.AnyWordsWeight >= 0, $"{Section}:LexicalWeight, MeaningWeight and AnyWordsWeight must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton<PaperEmbedder>();
        services.TryAddSingleton<PaperVectorStore>();
        services.TryAddSingleton<SemanticIndex>();
        services.TryAddSingleton<EmbeddingBackfill>();
        services.TryAddSingleton<EmbeddingWake>();
        services.TryAddSingleton<HybridSearch>();
        services.TryAddSingleton<PaperNeighbours>();
        services.TryAddSingleton<SemanticCoverage>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDatabaseSeeder, SampleVectorSeeder>());
        return services;
    }

    /// <summary>The bot's and the shell's background work: warm-up, and embedding papers that lack a vector.</summary>
    public static IServiceCollection AddSemanticBackground(this IServiceCollection services)
    {
        services.AddHostedService<SemanticBackground>();
        return services;
    }
}
