using System.Globalization;
using System.Text.Json;

namespace PaperBot.Papers;

/// <summary>The 56 papers embedded in the app so a fresh install has something to search.</summary>
public static class SampleData
{
    public const string Source = "seed";

    /// <summary>
    /// SQL over a <c>papers</c> row aliased <c>p</c>: true unless the paper came only from the samples (they are
    /// not news). The same rule as <see cref="IsSampleOnly"/>.
    /// </summary>
    public const string NotSampleOnlySql = $"NOT (json_array_length(p.sources) = 1 AND json_extract(p.sources, '$[0]') = '{Source}')";

    /// <summary>True for a paper known only from the samples a new database is seeded with.</summary>
    public static bool IsSampleOnly(Paper paper) =>
        paper is { Sources: [var only] } && only == Source;

    private const string ResourceName = "PaperBot.Papers.Seed.papers.json";

    public static IReadOnlyList<Paper> Load()
    {
        using var stream = typeof(SampleData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing.");
        var records = JsonSerializer.Deserialize(stream, PaperJsonContext.Default.ListSeedPaper) ?? [];
        return records.Select(ToPaper).ToArray();
    }

    private static Paper ToPaper(SeedPaper seed) => new()
    {
        Id = seed.ArxivId,
        Title = TextNormalizer.Collapse(seed.Title),
        Abstract = TextNormalizer.Collapse(seed.Abstract),
        Authors = seed.Authors ?? [],
        Published = DateOnly.TryParseExact(seed.Published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
        Categories = string.IsNullOrWhiteSpace(seed.PrimaryCategory) ? [] : [seed.PrimaryCategory],
        CodeUrl = TextNormalizer.CollapseOrNull(seed.CodeUrl),
        Sources = [Source],
    };
}
