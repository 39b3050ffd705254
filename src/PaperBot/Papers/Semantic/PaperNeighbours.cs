using Microsoft.Data.Sqlite;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Papers.Semantic;

/// <summary>A paper near some given papers by meaning: its similarity and the given paper it is closest to.</summary>
public sealed record Neighbour(string Id, float Similarity, string ClosestTo);

/// <summary>
/// Papers near other papers by meaning, from the papers' own vectors (no text is embedded): the nearest papers
/// to one paper, or to each paper of a set (a library), each remembering which of the set it is closest to.
/// <c>/paper related</c> fuses them with the shared key terms of <see cref="PaperSearch.RelatedAsync"/>.
/// </summary>
public sealed class PaperNeighbours(SemanticIndex index, PaperSearch words, PaperStore papers, SqliteConnectionFactory connectionFactory)
{
    private const int MaxSources = 200;

    private const int SnippetLength = 220;

    /// <summary>
    /// Papers related to one paper: the nearest by meaning fused with the papers sharing its key terms (reciprocal
    /// rank fusion). A shared-terms hit keeps its snippet (the terms highlighted); a paper found by meaning alone
    /// says so. A paper without a vector gets the shared-terms list alone.
    /// </summary>
    public async Task<IReadOnlyList<SearchHit>> RelatedAsync(string paperId, int limit, CancellationToken cancellationToken)
    {
        var lexical = await words.RelatedAsync(paperId, limit * 2, cancellationToken).ConfigureAwait(false);
        var near = await NearestAsync([paperId], limit * 2, cancellationToken).ConfigureAwait(false);
        if (near.Count == 0)
        {
            return [.. lexical.Take(limit)];
        }

        var fused = HybridFusion.Fuse([.. lexical.Select(h => h.Paper.Id)], [.. near.Select(n => n.Id)], [], FusionWeights.Default)
            .Take(limit)
            .ToArray();
        var byWords = lexical.ToDictionary(h => h.Paper.Id, StringComparer.Ordinal);
        var loaded = (await papers.GetManyAsync([.. fused.Where(f => !byWords.ContainsKey(f.Id)).Select(f => f.Id)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var similarity = near.ToDictionary(n => n.Id, n => n.Similarity, StringComparer.Ordinal);
        var hits = new List<SearchHit>(fused.Length);
        foreach (var f in fused)
        {
            if (byWords.TryGetValue(f.Id, out var hit))
            {
                hits.Add(hit with { Score = f.Score });
            }
            else if (loaded.TryGetValue(f.Id, out var paper))
            {
                hits.Add(new SearchHit(paper, f.Score, SnippetFormatter.Plain(paper.Abstract, SnippetLength))
                {
                    Reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"close in meaning ({similarity[f.Id]:0.00})"),
                });
            }
        }

        return hits;
    }

    /// <summary>
    /// The <paramref name="count"/> papers nearest by meaning to <paramref name="paperIds"/> (which are never
    /// among them), best first by their summed similarity to the papers whose nearest they are, each with the given
    /// paper it is closest to. Empty when none has a vector.
    /// </summary>
    public async Task<IReadOnlyList<Neighbour>> NearestAsync(IReadOnlyCollection<string> paperIds, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperIds);
        await index.RefreshAsync(cancellationToken).ConfigureAwait(false);
        if (index.Index.Count == 0 || paperIds.Count == 0 || count <= 0)
        {
            return [];
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var sources = await SeqsAsync(connection, [.. paperIds.Select(PaperStore.NormalizeId).Take(MaxSources)], cancellationToken).ConfigureAwait(false);
            var sourceSeqs = sources.Values.ToHashSet();
            var best = new Dictionary<long, (float Similarity, long Source, float Total)>();
            foreach (var source in sourceSeqs)
            {
                if (index.Index.VectorOf(source) is not { } vector)
                {
                    continue;
                }

                foreach (var match in index.Index.Search(vector, count + sourceSeqs.Count))
                {
                    if (sourceSeqs.Contains(match.Seq))
                    {
                        continue;
                    }

                    best[match.Seq] = best.TryGetValue(match.Seq, out var seen)
                        ? (Math.Max(seen.Similarity, match.Similarity), match.Similarity > seen.Similarity ? source : seen.Source, seen.Total + match.Similarity)
                        : (match.Similarity, source, match.Similarity);
                }
            }

            // Near several of the papers beats near one: a library's common theme before one save's neighbours.
            var top = best.OrderByDescending(b => b.Value.Total).ThenByDescending(b => b.Value.Similarity).ThenByDescending(b => b.Key).Take(count).ToArray();
            var ids = await PaperSearch.LoadIdsAsync(connection, [.. top.Select(t => t.Key)], cancellationToken).ConfigureAwait(false);
            var sourceIds = sources.ToDictionary(s => s.Value, s => s.Key);
            return [.. top.Where(t => ids.ContainsKey(t.Key)).Select(t => new Neighbour(ids[t.Key], t.Value.Similarity, sourceIds[t.Value.Source]))];
        }
    }

    private static async Task<Dictionary<string, long>> SeqsAsync(SqliteConnection connection, string[] ids, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, seq FROM papers WHERE id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray(ids));
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        return found;
    }
}
