using System.Globalization;
using PaperBot.Benchmarks.Harness;

namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// <c>eval [--corpus sample|arxiv|all] [--data DIR] [--unjudged]</c>: the committed relevance set through the real CLI
/// (import, embed, then <c>search --json --limit 10 --mode words|meaning|hybrid</c>), printing nDCG@10,
/// recall@10 and MRR per mode and query kind, then the queries where hybrid trails the better of the two;
/// <c>--unjudged</c> also lists every ranked paper without a judgement, so the set can be extended by reading them.
/// </summary>
internal static class EvalBenchmark
{
    public static async Task RunAsync(BenchmarkArgs options, string[] args, CancellationToken cancellationToken)
    {
        var corpusArg = Value(args, "--corpus") ?? "all";
        var directory = EvalData.Directory(Value(args, "--data"));
        var queries = EvalQuery.Load(Path.Combine(directory, EvalData.QueriesFile));
        string[] corpora = corpusArg == "all" ? [EvalData.SampleCorpus, EvalData.ArxivCorpus] : [corpusArg];
        Directory.CreateDirectory(options.WorkDirectory);

        foreach (var corpus in corpora)
        {
            var chosen = queries.Where(q => q.Corpus == corpus).ToList();
            if (chosen.Count == 0)
            {
                Console.WriteLine($"eval {corpus}: no queries");
                continue;
            }

            var started = System.Diagnostics.Stopwatch.StartNew();
            var run = await EvalRun.RunAsync(corpus, chosen, EvalData.CorpusFile(directory, corpus), options.WorkDirectory, cancellationToken).ConfigureAwait(false);
            Print(run, chosen, started.Elapsed);
            if (args.Contains("--unjudged"))
            {
                PrintUnjudged(run);
            }
        }
    }

    private static void Print(EvalRun run, IReadOnlyList<EvalQuery> queries, TimeSpan elapsed)
    {
        var natural = queries.Count(q => q.Kind == EvalQuery.Natural);
        Console.WriteLine($"## eval: {run.Corpus} ({queries.Count} queries: {natural} natural, {queries.Count - natural} exact; {elapsed.TotalSeconds:0} s)");
        Console.WriteLine(run.Setup);
        Console.WriteLine();
        var table = new Table("mode", "kind", "queries", "nDCG@10", "recall@10", "MRR");
        foreach (var kind in new[] { EvalQuery.Natural, EvalQuery.Exact, null })
        {
            foreach (var mode in run.Modes)
            {
                var s = run.Summary(mode, kind);
                table.Add(mode, s.Kind, s.Queries.ToString(CultureInfo.InvariantCulture), F(s.Ndcg), F(s.Recall), F(s.Mrr));
            }
        }

        table.Print(Console.Out);
        if (!run.HasModes)
        {
            return;
        }

        // The queries a fusion tuner needs to look at: hybrid below the better single mode.
        var losses = new Table("query", "kind", "words", "meaning", "hybrid", "text");
        foreach (var query in queries)
        {
            var words = run.Outcome(query, "words").Ndcg;
            var meaning = run.Outcome(query, "meaning").Ndcg;
            var hybrid = run.Outcome(query, "hybrid").Ndcg;
            if (hybrid + 1e-9 < Math.Max(words, meaning))
            {
                losses.Add(query.Id, query.Kind, F(words), F(meaning), F(hybrid), query.Query.Length > 70 ? query.Query[..70] + "…" : query.Query);
            }
        }

        Console.WriteLine("queries where hybrid nDCG@10 is below the better of words and meaning:");
        losses.Print(Console.Out);
    }

    private static void PrintUnjudged(EvalRun run)
    {
        Console.WriteLine("ranked but not judged (top 10):");
        foreach (var group in run.Outcomes.SelectMany(o => o.Unjudged.Select(h => (o.Query.Id, o.Mode, Hit: h))).GroupBy(x => (x.Id, x.Hit.Id)))
        {
            var first = group.First();
            Console.WriteLine($"  {first.Id,-6} {first.Hit.Id,-10} [{string.Join(',', group.Select(g => g.Mode))}] {first.Hit.Title}");
        }

        Console.WriteLine();
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
