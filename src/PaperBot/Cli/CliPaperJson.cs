using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using PaperBot.Papers;

namespace PaperBot.Cli;

/// <summary>
/// One line of <c>--json</c> output: a stable, flat shape for scripts (<c>jq</c>), independent of how the
/// store's record evolves. Nulls are left out, but for <c>published</c>, one of the fields every line has (null
/// when the paper has no publication date); <c>score</c> and <c>snippet</c> only appear in search results.
/// </summary>
public sealed record CliPaperJson
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    public required string Title { get; init; }

    public required IReadOnlyList<string> Authors { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateOnly? Published { get; init; }

    /// <summary>The paper's page (arXiv's abstract page, or a DOI's resolver); null for another source's id.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Url { get; init; }

    /// <summary>arXiv's PDF; null for a paper from another source.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? PdfUrl { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    public double? Score { get; init; }

    public string? Snippet { get; init; }

    public string? Abstract { get; init; }

    public string? CodeUrl { get; init; }

    public string? ProjectUrl { get; init; }

    public int? Upvotes { get; init; }

    public string? AiSummary { get; init; }

    public static CliPaperJson From(Paper paper, bool full, double? score = null, string? snippet = null)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return new CliPaperJson
        {
            Id = paper.Id,
            Version = paper.Version,
            Title = paper.Title,
            Authors = paper.Authors,
            Published = paper.Published,
            Url = paper.AbsUrl?.ToString(),
            PdfUrl = paper.PdfUrl?.ToString(),
            Categories = paper.Categories,
            Score = score,
            Snippet = snippet,
            Abstract = full ? paper.Abstract : null,
            CodeUrl = paper.CodeUrl,
            ProjectUrl = full ? paper.ProjectUrl : null,
            Upvotes = paper.Upvotes,
            AiSummary = full ? paper.AiSummary : null,
        };
    }

    private static readonly JsonSerializerOptions Options = new(CliJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = CliJsonContext.Default,
    };

    public string ToJsonLine() => JsonSerializer.Serialize(this, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<CliPaperJson>)Options.GetTypeInfo(typeof(CliPaperJson)));

    /// <summary>A search result's line: <c>lexical</c> and <c>semantic</c>, the two parts of its score, follow <c>score</c> (null when that part did not find it).</summary>
    public string ToJsonLine(double? lexical, double? semantic)
    {
        var line = JsonSerializer.SerializeToNode(this, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<CliPaperJson>)Options.GetTypeInfo(typeof(CliPaperJson)))!.AsObject();
        var withParts = new System.Text.Json.Nodes.JsonObject();
        foreach (var (name, value) in line.ToArray())
        {
            line.Remove(name);
            withParts[name] = value;
            if (name == "score")
            {
                withParts["lexical"] = lexical;
                withParts["semantic"] = semantic is { } s ? Math.Round(s, 4) : null;
            }
        }

        return withParts.ToJsonString(Options);
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(CliPaperJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
