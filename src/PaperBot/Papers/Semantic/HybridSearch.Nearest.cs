namespace PaperBot.Papers.Semantic;

public sealed partial class HybridSearch
{
    /// <summary>
    /// The papers nearest to the query's meaning that meet its demands, best first, down to the model's
    /// similarity floor. The nearest few hundred are checked first. When too few of them meet the demands:
    /// demands that few papers meet (at most <see cref="RestrictedScanLimit"/>) are answered by scanning only
    /// those papers; demands that more papers meet are answered by checking ever more of the nearest papers
    /// (4× each time), which soon holds enough of them. Either way the answer is exactly the nearest papers that
    /// meet the demands, and the work is bounded: no query reads more than that many row ids.
    /// </summary>
    private async Task<IReadOnlyList<Nearest>> NearestAsync(Search.SearchQuery query, string meaningText, int count, CancellationToken cancellationToken)
    {
        // The query first: on a process's first search this loads the model, whose session briefly takes about twice
        // the model's size, a peak that stays lower before the vectors (384 MB at a million papers) are in memory.
        var vector = embedder.EmbedQuery(meaningText, cancellationToken);
        await index.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (index.Index.Count == 0)
        {
            return [];
        }

        var restrictions = new SemanticRestrictions(query);
        var floor = settings.MinSimilarity ?? embedder.Model.MinSimilarity;
        var pool = restrictions.IsEmpty ? count + (count / 2) : count * 8;
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var candidates = index.Index.Search(vector.Span, pool);
            var nearest = await CheckAsync(connection, restrictions, candidates, floor, count, cancellationToken).ConfigureAwait(false);
            if (nearest.Count >= count || !More(candidates, pool, floor) || restrictions.IsEmpty)
            {
                return nearest;
            }

            var allowed = await restrictions.AllowedAsync(connection, RestrictedScanLimit, cancellationToken).ConfigureAwait(false);
            if (allowed is not null)
            {
                candidates = index.Index.Search(vector.Span, count + (count / 2), allowed);
                return await CheckAsync(connection, restrictions, candidates, floor, count, cancellationToken).ConfigureAwait(false);
            }

            // More than RestrictedScanLimit papers meet the demands: a share of them large enough that a few
            // thousand nearest papers hold enough of them.
            while (nearest.Count < count && More(candidates, pool, floor) && pool < index.Index.Count)
            {
                pool = (int)Math.Min(pool * 4L, index.Index.Count);
                candidates = index.Index.Search(vector.Span, pool);
                nearest = await CheckAsync(connection, restrictions, candidates, floor, count, cancellationToken).ConfigureAwait(false);
            }

            return nearest;
        }
    }

    /// <summary>How many papers' row ids a restricted query may read to scan only them (see <see cref="NearestAsync"/>).</summary>
    internal int RestrictedScanLimit { get; set; } = 50_000;

    /// <summary>Whether papers beyond these candidates could still be above the floor.</summary>
    private static bool More(IReadOnlyList<VectorMatch> candidates, int pool, float floor) =>
        candidates.Count == pool && candidates[^1].Similarity >= floor;

    private async Task<List<Nearest>> CheckAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, SemanticRestrictions restrictions, IReadOnlyList<VectorMatch> candidates, float floor, int count, CancellationToken cancellationToken)
    {
        var above = candidates.Where(c => c.Similarity >= floor).ToArray();
        if (above.Length == 0)
        {
            return [];
        }

        var allowed = await restrictions.CheckAsync(connection, embedder.Model.Name, above.Select(c => c.Seq), cancellationToken).ConfigureAwait(false);
        return [.. above.Where(c => allowed.ContainsKey(c.Seq)).Take(count).Select(c => new Nearest(c.Seq, allowed[c.Seq], c.Similarity))];
    }

    private sealed record Nearest(long Seq, string Id, float Similarity);
}

/// <summary>Words that carry no topic, left out of the any-words pass (a sentence's "how", "the", "of").</summary>
internal static class SemanticStopWords
{
    private static readonly HashSet<string> Words = new(
        """
        a an and are as at be by can could do does did for from has have how i in is it its of on or our that the their
        them these this those to was we what when where which who why will with would you your paper papers about into
        there than then so such any all some use using used based via new approach method methods model models
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.OrdinalIgnoreCase);

    public static bool Contains(string word) => Words.Contains(word);
}
