namespace PaperBot.FakeDiscord.State;

/// <summary>Timestamp-based, strictly increasing ids shaped like Discord's (ms since 2015-01-01 in the top 42 bits).</summary>
internal sealed class SnowflakeGenerator(TimeProvider time)
{
    private const long DiscordEpochMs = 1_420_070_400_000;
    private readonly Lock _gate = new();
    private ulong _last;
    private ulong _lastBackdated;

    public ulong Next()
    {
        var ms = (ulong)Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpochMs);
        var candidate = (ms << 22) | (1UL << 17) | (1UL << 12);
        lock (_gate)
        {
            _last = candidate > _last ? candidate : _last + 1;
            return _last;
        }
    }

    /// <summary>The next id whose guild Discord routes to <paramref name="shardId"/> of <paramref name="shardCount"/> (still increasing).</summary>
    public ulong NextOnShard(int shardId, int shardCount)
    {
        var ms = (ulong)Math.Max(0, time.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpochMs);
        lock (_gate)
        {
            var candidate = Math.Max((ms << 22) | (1UL << 17) | (1UL << 12), _last + 1);
            var shard = (candidate >> 22) % (ulong)shardCount;
            var ahead = ((ulong)shardId + (ulong)shardCount - shard) % (ulong)shardCount;
            _last = ahead == 0 ? candidate : ((candidate >> 22) + ahead) << 22 | (1UL << 17) | (1UL << 12);
            return _last;
        }
    }

    /// <summary>An id stamped with <paramref name="at"/> (unique, though not increasing).</summary>
    public ulong At(DateTimeOffset at)
    {
        var ms = (ulong)Math.Max(0, at.ToUnixTimeMilliseconds() - DiscordEpochMs);
        lock (_gate)
        {
            return (ms << 22) | (++_lastBackdated & 0x3FFFFF);
        }
    }

    public static DateTimeOffset TimestampOf(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);
}
