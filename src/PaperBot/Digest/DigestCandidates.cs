using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;

namespace PaperBot.Digest;

/// <summary>
/// Papers first seen since an instant that match a channel's topics, best first. Topics match by words
/// (<see cref="DigestTopics"/>) and by meaning (<see cref="DigestTopicMeaning"/>); the two rankings are fused as
/// the search fuses them (<see cref="HybridFusion"/>), so a paper both find ranks first and one that shares no word
/// with the topics but is close to their meaning still qualifies.
/// </summary>
public sealed class DigestCandidates(PaperStore papers, DigestTopics topics, DigestTopicMeaning meaning, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<Paper>> FindAsync(string? topicQuery, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        List<(Paper Paper, double Relevance)> matching;
        if (string.IsNullOrWhiteSpace(topicQuery))
        {
            var fresh = await papers.GetFirstSeenSinceAsync(since, cancellationToken).ConfigureAwait(false);
            matching = [.. fresh.Where(PaperNews.IsNews).Select(p => (p, 0.0))];
        }
        else
        {
            var words = await topics.FindAsync(topicQuery, since, limit, cancellationToken).ConfigureAwait(false);
            matching = await WithMeaningAsync(topicQuery, words, since, limit, cancellationToken).ConfigureAwait(false);
        }

        return [.. DigestRanking.Rank(matching).Take(limit)];
    }

    private async Task<List<(Paper Paper, double Relevance)>> WithMeaningAsync(
        string topicQuery, List<(Paper Paper, double Relevance)> words, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        if (!meaning.Enabled || SearchQuery.Parse(topicQuery, timeProvider).Query is not { } query)
        {
            return words;
        }

        await meaning.EmbedNewAsync(since, cancellationToken).ConfigureAwait(false);
        var near = await meaning.FindAsync(query, since, limit, cancellationToken).ConfigureAwait(false);
        if (near.Count == 0)
        {
            return words;
        }

        var fused = HybridFusion.Fuse([.. words.Select(w => w.Paper.Id)], [.. near.Select(n => n.Id)], [], FusionWeights.Default);
        var known = words.ToDictionary(w => w.Paper.Id, w => w.Paper, StringComparer.Ordinal);
        var missing = fused.Select(c => c.Id).Where(id => !known.ContainsKey(id)).ToArray();
        foreach (var paper in await papers.GetManyAsync(missing, cancellationToken).ConfigureAwait(false))
        {
            known.TryAdd(paper.Id, paper);
        }

        // Relevance in [0, 1] as DigestRanking expects: the fused score over the best one.
        var best = fused[0].Score;
        return [.. fused.Where(c => known.ContainsKey(c.Id)).Select(c => (known[c.Id], best > 0 ? c.Score / best : 0.0))];
    }
}
