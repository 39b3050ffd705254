using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// One line of <c>queries.jsonl</c>: a query typed as a user would, the corpus it is judged on, its kind
/// (<c>natural</c>: a sentence, question or paraphrase; <c>exact</c>: today's lexical style, a method name, an id,
/// an <c>author:</c> filter) and graded judgements (0 not relevant, 1 related, 2 what the query asks for).
/// </summary>
public sealed record EvalQuery(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("corpus")] string Corpus,
    [property: JsonPropertyName("query")] string Query,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("judgements")] IReadOnlyDictionary<string, int> Judgements)
{
    public const string Natural = "natural";

    public const string Exact = "exact";

    public static IReadOnlyList<EvalQuery> Load(string path)
    {
        var queries = new List<EvalQuery>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var query = JsonSerializer.Deserialize<EvalQuery>(line)
                ?? throw new InvalidDataException($"{path}:{lineNumber}: null query");
            if (string.IsNullOrWhiteSpace(query.Id) || string.IsNullOrWhiteSpace(query.Query) || query.Judgements is null || query.Judgements.Count == 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: a query needs an id, a query text and at least one judgement");
            }

            if (query.Kind is not (Natural or Exact))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: kind '{query.Kind}' is neither '{Natural}' nor '{Exact}'");
            }

            queries.Add(query);
        }

        return queries;
    }
}
