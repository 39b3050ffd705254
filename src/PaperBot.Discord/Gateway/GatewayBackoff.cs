namespace PaperBot.Discord.Gateway;

/// <summary>Delays between reconnects, kept pure so tests can check them without sockets.</summary>
internal static class GatewayBackoff
{
    /// <summary>
    /// base × 2^(failures-1), capped, then scaled by a jitter in [0.5, 1) so that many shards or bots
    /// behind one outage do not reconnect in lockstep. Zero failures means reconnect at once.
    /// </summary>
    public static TimeSpan ReconnectDelay(int consecutiveFailures, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        if (consecutiveFailures <= 0)
        {
            return TimeSpan.Zero;
        }

        var exponent = Math.Min(consecutiveFailures - 1, 30);
        var ticks = Math.Min(baseDelay.Ticks * Math.Pow(2, exponent), maxDelay.Ticks);
        return TimeSpan.FromTicks((long)(ticks * (0.5 + (Math.Clamp(jitter, 0, 1) / 2))));
    }

    /// <summary>A uniform pick in [min, max], as Discord asks for after Invalid Session.</summary>
    public static TimeSpan InvalidSessionDelay(TimeSpan min, TimeSpan max, double jitter)
    {
        if (max <= min)
        {
            return min;
        }

        return min + TimeSpan.FromTicks((long)((max - min).Ticks * Math.Clamp(jitter, 0, 1)));
    }

    /// <summary>The first heartbeat waits interval × jitter so a fleet reconnecting together spreads its beats.</summary>
    public static TimeSpan FirstHeartbeatDelay(TimeSpan interval, double jitter) =>
        TimeSpan.FromTicks((long)(interval.Ticks * Math.Clamp(jitter, 0, 1)));
}
