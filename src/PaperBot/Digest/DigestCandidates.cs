using PaperBot.Papers;

namespace PaperBot.Digest;

/// <summary>Papers first seen since an instant that match a channel's topics, best first.</summary>
public sealed class DigestCandidates(PaperStore papers, DigestTopics topics)
{
    public async Task<IReadOnlyList<Paper>> FindAsync(string? topicQuery, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        var fresh = await papers.GetFirstSeenSinceAsync(since, cancellationToken).ConfigureAwait(false);
        var matching = string.IsNullOrWhiteSpace(topicQuery)
            ? fresh.Select((p, i) => (Paper: p, Relevance: 0.0)).ToList()
            : await topics.RankAsync(topicQuery, fresh, cancellationToken).ConfigureAwait(false);
        return [.. DigestRanking.Rank(matching).Take(limit)];
    }
}
