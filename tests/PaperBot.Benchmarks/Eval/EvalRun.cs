namespace PaperBot.Benchmarks.Eval;

/// <summary>One query's ranking in one mode, with its scores.</summary>
public sealed record QueryOutcome(EvalQuery Query, string Mode, IReadOnlyList<EvalHit> Hits)
{
    public IReadOnlyList<string> Ranked { get; } = Hits.Select(h => h.Id).ToList();

    /// <summary>Ranked papers nobody has judged for this query: the ones to read before trusting a low score.</summary>
    public IEnumerable<EvalHit> Unjudged => Hits.Take(K).Where(h => !Query.Judgements.ContainsKey(h.Id));

    public const int K = 10;

    public double Ndcg => RankingMetrics.NdcgAt(K, Ranked, Query.Judgements);

    public double Recall => RankingMetrics.RecallAt(K, Ranked, Query.Judgements);

    public double ReciprocalRank => RankingMetrics.ReciprocalRank(Ranked, Query.Judgements);

    public int? RankOfBest => RankingMetrics.RankOfBest(Ranked, Query.Judgements);
}

/// <summary>Mean figures of one mode over a set of queries.</summary>
public sealed record ModeSummary(string Mode, string Kind, int Queries, double Ndcg, double Recall, double Mrr);

/// <summary>Every query of one corpus through every mode the CLI offers.</summary>
public sealed class EvalRun
{
    private EvalRun(string corpus, IReadOnlyList<string> modes, bool hasModes, string setup, IReadOnlyList<QueryOutcome> outcomes)
    {
        Corpus = corpus;
        Modes = modes;
        HasModes = hasModes;
        Setup = setup;
        Outcomes = outcomes;
    }

    public string Corpus { get; }

    public IReadOnlyList<string> Modes { get; }

    public bool HasModes { get; }

    public string Setup { get; }

    public IReadOnlyList<QueryOutcome> Outcomes { get; }

    public static async Task<EvalRun> RunAsync(string corpus, IReadOnlyList<EvalQuery> queries, string? corpusFile, string workDirectory, CancellationToken cancellationToken, bool wordsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(queries);
        using var store = await EvalStore.CreateAsync(workDirectory, corpusFile, wordsOnly, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<QueryOutcome>();
        foreach (var mode in store.Modes)
        {
            foreach (var query in queries)
            {
                var hits = await store.Cli.SearchAsync(query.Query, QueryOutcome.K, store.ModeArgument(mode), cancellationToken).ConfigureAwait(false);
                outcomes.Add(new QueryOutcome(query, mode, hits));
            }
        }

        return new EvalRun(corpus, store.Modes, store.HasModes, store.Setup, outcomes);
    }

    /// <summary>Means over the queries of <paramref name="kind"/> (null: all kinds).</summary>
    public ModeSummary Summary(string mode, string? kind)
    {
        var chosen = Outcomes.Where(o => o.Mode == mode && (kind is null || o.Query.Kind == kind)).ToList();
        return chosen.Count == 0
            ? new ModeSummary(mode, kind ?? "all", 0, 0, 0, 0)
            : new ModeSummary(mode, kind ?? "all", chosen.Count, chosen.Average(o => o.Ndcg), chosen.Average(o => o.Recall), chosen.Average(o => o.ReciprocalRank));
    }

    public QueryOutcome Outcome(EvalQuery query, string mode) =>
        Outcomes.Single(o => o.Mode == mode && o.Query.Id == query.Id);
}
