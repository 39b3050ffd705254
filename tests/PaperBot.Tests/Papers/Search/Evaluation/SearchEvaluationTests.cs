using PaperBot.Benchmarks.Eval;

namespace PaperBot.Tests.Papers.Search.Evaluation;

/// <summary>
/// The sample-corpus part of the committed evaluation, run in-process through the CLI as a user would type it
/// (<c>paperbot search "&lt;query&gt;" --json --limit 10 --mode ...</c> on a fresh store). The figures for the
/// larger arXiv corpus are printed by <c>dotnet run --project tests/PaperBot.Benchmarks -- eval</c>.
/// </summary>
public sealed class SearchEvaluationTests
{
    private static readonly IReadOnlyList<EvalQuery> SampleQueries = EvalQuery.Load(Path.Combine(EvalData.Directory(), EvalData.QueriesFile))
        .Where(q => q.Corpus == EvalData.SampleCorpus)
        .ToList();

    [Fact]
    public async Task Search_ExactTermQueriesInWordsMode_RankTheirTargetInTheTopThree()
    {
        var run = await EvalRun.RunAsync(EvalData.SampleCorpus, SampleQueries.Where(q => q.Kind == EvalQuery.Exact).ToList(), null, Path.GetTempPath(), CancellationToken.None, wordsOnly: true);

        // Today's lexical search: a method name, a word and its stem, an author filter. An arXiv id typed into
        // search is not a text match (show finds it), so that query is measured but not held to this rule.
        foreach (var outcome in run.Outcomes.Where(o => o.Mode == "words" && !PaperBot.Papers.ArxivId.TryParse(o.Query.Query, out _)))
        {
            Assert.True(outcome.RankOfBest is <= 3, $"{outcome.Query.Id} \"{outcome.Query.Query}\": best-graded paper at {outcome.RankOfBest?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}; got {string.Join(", ", outcome.Ranked)}");
        }
    }

    [Fact]
    public async Task Search_NaturalQueriesInHybridMode_ScoreAtLeastWordsAndMeaning()
    {
        var run = await EvalRun.RunAsync(EvalData.SampleCorpus, SampleQueries, null, Path.GetTempPath(), CancellationToken.None);
        Assert.True(run.HasModes, "the CLI has no --mode words|meaning|hybrid: " + run.Setup);

        var words = run.Summary("words", EvalQuery.Natural);
        var meaning = run.Summary("meaning", EvalQuery.Natural);
        var hybrid = run.Summary("hybrid", EvalQuery.Natural);
        Assert.True(hybrid.Ndcg >= words.Ndcg, $"hybrid nDCG@10 {hybrid.Ndcg:0.000} < words {words.Ndcg:0.000}");
        Assert.True(hybrid.Ndcg >= meaning.Ndcg, $"hybrid nDCG@10 {hybrid.Ndcg:0.000} < meaning {meaning.Ndcg:0.000}");
        Assert.True(hybrid.Recall >= words.Recall, $"hybrid recall@10 {hybrid.Recall:0.000} < words {words.Recall:0.000}");

        // What lexical search does well survives the fusion: wherever words puts a best-graded paper in the top
        // three for an exact-term query, hybrid does too.
        foreach (var query in SampleQueries.Where(q => q.Kind == EvalQuery.Exact))
        {
            if (run.Outcome(query, "words").RankOfBest is <= 3)
            {
                var inHybrid = run.Outcome(query, "hybrid");
                Assert.True(inHybrid.RankOfBest is <= 3, $"{query.Id} \"{query.Query}\": words ranks its target in the top 3, hybrid at {inHybrid.RankOfBest?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}");
            }
        }
    }
}
