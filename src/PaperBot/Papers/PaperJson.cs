using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Papers;

/// <summary>The JSON-array columns (authors, categories, keywords, sources) and the seed file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(List<SeedPaper>))]
internal sealed partial class PaperJsonContext : JsonSerializerContext
{
    public static string ToJsonArray(IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return "[]";
        }

        var array = values as string[] ?? [.. values];
        return JsonSerializer.Serialize(array, Default.StringArray);
    }

    public static IReadOnlyList<string> FromJsonArray(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize(json, Default.StringArray) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

/// <summary>One record of the embedded sample data file.</summary>
internal sealed record SeedPaper(
    string ArxivId,
    string Title,
    string? Abstract,
    List<string>? Authors,
    string? Published,
    string? PrimaryCategory,
    string? CodeUrl);
