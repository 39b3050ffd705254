using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    private long candidatesLookedUp;
    private long candidatesMet;

    /// <summary>How many common-word candidates were looked up in the index, rather than scored from the lists (for tests).</summary>
    internal long CandidatesLookedUp => Interlocked.Read(ref candidatesLookedUp);

    /// <summary>How many papers the walks down the lists met (for tests: a walk stops once the page is settled).</summary>
    internal long CandidatesMet => Interlocked.Read(ref candidatesMet);

    /// <summary>
    /// Exact scores of enough candidates that no other can reach the best <paramref name="need"/>: candidates are
    /// looked up in the order of their bounds until the page's last paper beats every bound left. With
    /// <paramref name="terms"/> (a query of plain terms alone, one per list), a paper in every list is scored from
    /// the lists without a look-up, and the others only for the terms whose list lacks them, each term against its
    /// own doclist; otherwise each candidate is looked up against the whole query and its filters. When fewer than
    /// <paramref name="need"/> come back, every candidate was scored.
    /// </summary>
    private async Task<List<(long Seq, double Score)>> ScoreCandidatesAsync(
        SqliteConnection connection, SearchQuery query, SearchFilters filters, IReadOnlyList<string>? terms,
        CommonCandidates candidates, int need, long corpusSize, CancellationToken cancellationToken)
    {
        var scored = new List<(long Seq, double Score)>();
        var best = new PriorityQueue<double, double>(need + 1);
        var open = new List<(long Seq, ulong Listed, double Bound)>();
        if (terms is null)
        {
            // Every candidate needs a look-up against the whole query: all of them, in the order of their bounds.
            foreach (var (seq, listed) in candidates.Listed())
            {
                open.Add((seq, listed, candidates.Bound(seq, listed)));
            }
        }
        else
        {
            WalkLists(candidates, need, scored, best, open);
        }

        // Papers scored from the lists alone already set a bar: candidates below it never need ordering.
        if (best.Count == need)
        {
            var bar = best.Peek();
            open.RemoveAll(c => c.Bound < bar);
        }

        open.Sort((a, b) => a.Bound != b.Bound ? b.Bound.CompareTo(a.Bound) : b.Seq.CompareTo(a.Seq));
        var next = 0;
        // In batches that double: a statement has a fixed cost, and loose bounds can leave hundreds to score.
        for (var size = Math.Max(16, need + 8); next < open.Count && (best.Count < need || best.Peek() <= open[next].Bound); size *= 2)
        {
            var end = Math.Min(open.Count, next + size);
            if (best.Count == need)
            {
                // Only those that can still beat the bar: the bounds are in descending order.
                var bar = best.Peek();
                var last = next;
                while (last < end && open[last].Bound >= bar)
                {
                    last++;
                }

                end = last;
            }

            var batch = open.GetRange(next, end - next);
            next = end;
            Interlocked.Add(ref candidatesLookedUp, batch.Count);
            var found = terms is null
                ? await ScoreAmongAsync(connection, query.MatchExpression!, HasOnlyPlainWords(query), filters, [.. batch.Select(c => c.Seq)], corpusSize, cancellationToken).ConfigureAwait(false)
                : await ScoreByTermsAsync(connection, terms, candidates, batch, corpusSize, cancellationToken).ConfigureAwait(false);
            foreach (var hit in found)
            {
                scored.Add(hit);
                Offer(best, need, hit.Score);
            }
        }

        return scored;
    }

    /// <summary>
    /// Walks the lists best first, all at the same depth: a paper every list holds is scored from them, any other is
    /// left open with its bound. Stops when the page's last score so far beats the best score any paper not met yet
    /// could have (the lists' scores at that depth): those papers can neither enter the page nor need a look-up.
    /// </summary>
    private void WalkLists(
        CommonCandidates candidates, int need, List<(long Seq, double Score)> scored, PriorityQueue<double, double> best,
        List<(long Seq, ulong Listed, double Bound)> open)
    {
        var met = new HashSet<long>(candidates.Unbounded);
        foreach (var seq in candidates.Unbounded)
        {
            open.Add((seq, 0, double.PositiveInfinity));
        }

        for (var depth = 0; depth < candidates.Depth; depth++)
        {
            // Strictly below: a paper not met with the same score as the page's last could still win on its row id.
            if (best.Count == need && candidates.Threshold(depth) < best.Peek())
            {
                break;
            }

            for (var list = 0; list < candidates.ListCount; list++)
            {
                if (!candidates.TryGetAt(list, depth, out var seq, out var score) || !met.Add(seq))
                {
                    continue;
                }

                var bound = candidates.BoundOf(seq, list, score, out var listed);
                if (listed == candidates.InEveryList)
                {
                    scored.Add((seq, bound));
                    Offer(best, need, bound);
                }
                else
                {
                    open.Add((seq, listed, bound));
                }
            }
        }

        Interlocked.Add(ref candidatesMet, met.Count - candidates.Unbounded.Count);
    }

    /// <summary>Exact scores of the batch's matches: each term looked up only in the papers its list lacks, one statement per term.</summary>
    private async Task<List<(long Seq, double Score)>> ScoreByTermsAsync(
        SqliteConnection connection, IReadOnlyList<string> terms, CommonCandidates candidates,
        List<(long Seq, ulong Listed, double Bound)> batch, long corpusSize, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, double>?[terms.Count];
        for (var i = 0; i < terms.Count; i++)
        {
            var bit = 1UL << i;
            var missing = batch.Where(c => (c.Listed & bit) == 0).Select(c => c.Seq).ToList();
            if (missing.Count > 0)
            {
                var rows = await ScoreAmongAsync(connection, terms[i], plainWords: true, SearchFilters.None, missing, corpusSize, cancellationToken).ConfigureAwait(false);
                found[i] = rows.ToDictionary(r => r.Seq, r => r.Score);
            }
        }

        var scored = new List<(long Seq, double Score)>(batch.Count);
        foreach (var (seq, listed, _) in batch)
        {
            if (candidates.TryScore(seq, listed, found, out var score))
            {
                scored.Add((seq, score));
            }
        }

        return scored;
    }

    /// <summary>Keeps the best <paramref name="need"/> scores in a min-heap: its top is the page's last score so far.</summary>
    private static void Offer(PriorityQueue<double, double> best, int need, double score)
    {
        if (best.Count < need)
        {
            best.Enqueue(score, score);
        }
        else if (score > best.Peek())
        {
            best.DequeueEnqueue(score, score);
        }
    }
}
