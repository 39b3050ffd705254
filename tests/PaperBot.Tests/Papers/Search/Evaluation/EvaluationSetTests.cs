using System.Text.Json;
using PaperBot.Benchmarks.Eval;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search.Evaluation;

/// <summary>The committed relevance set is what docs/search.md says it is, and every judged id can be found.</summary>
public sealed class EvaluationSetTests
{
    private static readonly string Directory = EvalData.Directory();

    private static readonly IReadOnlyList<EvalQuery> Queries = EvalQuery.Load(Path.Combine(Directory, EvalData.QueriesFile));

    [Fact]
    public void Load_CommittedQueries_HasTheSizesTheIssueAsksFor()
    {
        Assert.True(Queries.Count(q => q.Kind == EvalQuery.Natural) >= 60, "at least 60 natural-language queries");
        Assert.True(Queries.Count(q => q.Kind == EvalQuery.Natural && q.Corpus == EvalData.SampleCorpus) >= 20, "at least 20 over the sample papers");
        Assert.True(Queries.Count(q => q.Kind == EvalQuery.Exact) >= 10, "about ten exact-term queries");
        Assert.Equal(Queries.Count, Queries.Select(q => q.Id).Distinct().Count());
        Assert.All(Queries, q => Assert.Contains(q.Judgements.Values, g => g == 2));
    }

    [Fact]
    public async Task Load_CommittedQueries_JudgeOnlyPapersTheirStoreHolds()
    {
        using var cli = new CliHarness();
        var export = await cli.RunAsync("export");
        Assert.Equal(0, export.ExitCode);
        var sample = export.JsonLines().Select(p => p.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var arxiv = File.ReadLines(Path.Combine(Directory, "arxiv-corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var query in Queries)
        {
            HashSet<string> store = query.Corpus == EvalData.SampleCorpus ? sample : [.. sample, .. arxiv];
            Assert.All(query.Judgements.Keys, id => Assert.True(store.Contains(id), $"{query.Id} judges {id}, which its store does not hold"));
        }
    }

    [Fact]
    public void Load_NaturalQueries_DoNotCopyTheirTargetsTitle()
    {
        var titles = File.ReadLines(Path.Combine(Directory, "arxiv-corpus.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("title").GetString()!, StringComparer.Ordinal);
        foreach (var query in Queries.Where(q => q.Kind == EvalQuery.Natural))
        {
            foreach (var target in query.Judgements.Where(j => j.Value == 2 && titles.ContainsKey(j.Key)))
            {
                Assert.DoesNotContain(titles[target.Key], query.Query, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
