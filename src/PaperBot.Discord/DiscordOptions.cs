using System.ComponentModel.DataAnnotations;

namespace PaperBot.Discord;

/// <summary>Settings of the <c>Discord</c> configuration section, shared by the REST client and the gateway.</summary>
public sealed class DiscordOptions
{
    public const string SectionName = "Discord";

    /// <summary>Intents PaperBot needs: GUILDS (1 &lt;&lt; 0) and GUILD_MESSAGE_REACTIONS (1 &lt;&lt; 10).</summary>
    public const int DefaultIntents = (1 << 0) | (1 << 10);

    /// <summary>The bot token. Never logged, never echoed, not even in part.</summary>
    public string? Token { get; set; }

    /// <summary>A file holding the bot token, read when <see cref="Token"/> is empty (keeps it out of config files).</summary>
    public string? TokenFile { get; set; }

    [Required]
    public Uri RestBaseUrl { get; set; } = new("https://discord.com/api/v10");

    /// <summary>Gateway intents bit field.</summary>
    public int Intents { get; set; } = DefaultIntents;

    /// <summary>The old one-shard form of <see cref="Shards"/>: when set, this process runs this shard only.</summary>
    [Range(0, int.MaxValue)]
    public int? ShardId { get; set; }

    /// <summary>Shards of the whole bot (every process together); Discord requires one per 2,500 guilds at most.</summary>
    [Range(1, int.MaxValue)]
    public int ShardCount { get; set; } = 1;

    /// <summary>The shards this process runs, e.g. <c>0-3</c> or <c>0,2,5-7</c>; empty runs all of 0..ShardCount-1.</summary>
    public string? Shards { get; set; }

    /// <summary>The reaction emoji that saves a message to the reacting user's library.</summary>
    [Required]
    [MinLength(1)]
    public string SaveEmoji { get; set; } = "🔖";

    /// <summary>When set, commands are registered on this guild only (instant updates while developing).</summary>
    public ulong? DevGuildId { get; set; }

    /// <summary>Timeout of one HTTP attempt; retries get their own.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Retries after a 5xx, a network error or a timeout (429s are waited out and do not count). A followup is
    /// retried only when it certainly never arrived; see <see cref="RateLimits.DiscordRoute.IsReplaySafe"/>.
    /// </summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Discord's global limit; configurable so tests can use a fake with other limits.</summary>
    [Range(1, 100_000)]
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>Base delay of the exponential backoff between retries.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Added to every per-route rate-limit wait (a bucket's reset, a 429's retry_after): covers clock granularity and network jitter between us and Discord.</summary>
    public TimeSpan RateLimitMargin { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How many 429s one request may receive before it fails (each is waited out first).</summary>
    [Range(0, 100)]
    public int MaxRateLimitRetries { get; set; } = 10;

    /// <summary>
    /// Discord's invalid request limit: an IP that gets this many 401, 403 and 429 answers in 10 minutes is banned
    /// for a while. The client keeps the count at half of it at most. Configurable for tests only.
    /// </summary>
    [Range(2, 1_000_000)]
    public int InvalidRequestLimit { get; set; } = 10_000;

    /// <summary>The shard ids this process runs, ascending; throws with a message naming the setting when they are invalid.</summary>
    public IReadOnlyList<int> ResolveShards() =>
        TryResolveShards(out var shards, out var error) ? shards : throw new InvalidOperationException(error);

    public bool TryResolveShards(out IReadOnlyList<int> shards, out string? error)
    {
        if (ShardId is { } one)
        {
            shards = [one];
            error = !string.IsNullOrWhiteSpace(Shards)
                ? $"{SectionName}:ShardId and {SectionName}:Shards are both set: keep Shards (ShardId is its old one-shard form)."
                : one >= ShardCount ? $"{SectionName}:ShardId ({one}) must be below ShardCount ({ShardCount})." : null;
            return error is null;
        }

        return Gateway.GatewayShardRange.TryParse(Shards, ShardCount, out shards, out error);
    }

    /// <summary>Returns the token from <see cref="Token"/> or <see cref="TokenFile"/>, or null when neither is set.</summary>
    public string? ResolveToken()
    {
        if (!string.IsNullOrWhiteSpace(Token))
        {
            return Token.Trim();
        }

        if (!string.IsNullOrWhiteSpace(TokenFile) && File.Exists(TokenFile))
        {
            var fromFile = File.ReadAllText(TokenFile).Trim();
            return fromFile.Length == 0 ? null : fromFile;
        }

        return null;
    }
}
