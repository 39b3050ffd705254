using PaperBot.Papers;

namespace PaperBot.Digest;

/// <summary>Papers first seen since an instant that match a channel's topics, best first.</summary>
public sealed class DigestCandidates(PaperStore papers, DigestTopics topics)
{
    public async Task<IReadOnlyList<Paper>> FindAsync(string? topicQuery, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        List<(Paper Paper, double Relevance)> matching;
        if (string.IsNullOrWhiteSpace(topicQuery))
        {
            var fresh = await papers.GetFirstSeenSinceAsync(since, cancellationToken).ConfigureAwait(false);
            matching = [.. fresh.Where(p => !IsSeedOnly(p)).Select(p => (p, 0.0))];
        }
        else
        {
            matching = await topics.FindAsync(topicQuery, since, limit, cancellationToken).ConfigureAwait(false);
        }

        return [.. DigestRanking.Rank(matching).Take(limit)];
    }

    /// <summary>The sample papers a new database is seeded with are not news; a digest never posts them.</summary>
    public static bool IsSeedOnly(Paper paper) =>
        paper is { Sources: [var only] } && only == "seed";
}
