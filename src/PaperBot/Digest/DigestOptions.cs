namespace PaperBot.Digest;

/// <summary>Settings of the <c>Digest</c> section.</summary>
public sealed class DigestOptions
{
    public const string SectionName = "Digest";

    /// <summary>Turns the digest service off (commands still answer).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Channels posted at the same time; the REST client's rate-limit buckets do the pacing. A channel's own
    /// message bucket (5 per 5 s) holds one batch of 10 papers to about 2 requests a second, so reaching the
    /// global 50 per second takes 25 or more channels in flight (docs/benchmarks.md, digest).
    /// </summary>
    public int MaxConcurrentChannels { get; set; } = 32;

    /// <summary>The first batch of a new subscription takes papers first seen this long before it was made.</summary>
    public TimeSpan FirstBatchLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Wait before retrying a batch that failed for a transient reason (Discord 5xx, network).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a process holds a batch it is posting (renewed before each message). When it dies, another
    /// process finishes the batch once this has run out.
    /// </summary>
    public TimeSpan BatchLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Longest sleep of the service loop, so a missed wake-up can never stall the digests for long.</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many matching papers are ranked before taking a channel's top ones.</summary>
    public int CandidateLimit { get; set; } = 200;

    /// <summary>
    /// How close in meaning a new paper must be to a channel's topics to qualify without their words; empty uses
    /// the model's search floor plus 0.08 (0.60 with arctic-embed-xs). docs/digest.md says how it was tuned.
    /// </summary>
    public float? MinTopicSimilarity { get; set; }

    /// <summary>How close a new paper must be to one of the channel's saved papers to be ranked and shown as close to it.</summary>
    public float MinTasteSimilarity { get; set; } = 0.75f;

    /// <summary>The most recent saves from a channel's posts that make up its taste.</summary>
    public int TasteSaves { get; set; } = 500;
}
