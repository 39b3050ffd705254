namespace PaperBot.FakeDiscord.State;

/// <summary>Timestamp-based, strictly increasing ids shaped like Discord's (ms since 2015-01-01 in the top 42 bits).</summary>
internal sealed class SnowflakeGenerator(TimeProvider time)
{
    private const long DiscordEpochMs = 1_420_070_400_000;
    private readonly Lock _gate = new();
    private ulong _last;

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

    public static DateTimeOffset TimestampOf(ulong id) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(id >> 22) + DiscordEpochMs);
}
