namespace PaperBot.Discord.Gateway;

/// <summary>Running totals for metrics and tests; readable from any thread while the client runs.</summary>
public sealed class GatewayCounters
{
    private long _connects;
    private long _identifies;
    private long _resumes;
    private long _reconnects;
    private long _heartbeatsSent;
    private long _heartbeatAcks;
    private long _dispatchesDelivered;
    private long _duplicatesSkipped;
    private long _payloadsSkipped;

    /// <summary>WebSocket connections opened.</summary>
    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>IDENTIFY payloads sent (fresh sessions).</summary>
    public long Identifies => Interlocked.Read(ref _identifies);

    /// <summary>RESUME payloads sent.</summary>
    public long Resumes => Interlocked.Read(ref _resumes);

    /// <summary>Connections ended by anything other than shutdown, followed by a new one.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    public long HeartbeatsSent => Interlocked.Read(ref _heartbeatsSent);

    public long HeartbeatAcks => Interlocked.Read(ref _heartbeatAcks);

    /// <summary>Events handed to the handler.</summary>
    public long DispatchesDelivered => Interlocked.Read(ref _dispatchesDelivered);

    /// <summary>Replayed dispatches dropped because their sequence was already delivered.</summary>
    public long DuplicatesSkipped => Interlocked.Read(ref _duplicatesSkipped);

    /// <summary>Dispatches whose payload could not be read; logged and skipped.</summary>
    public long PayloadsSkipped => Interlocked.Read(ref _payloadsSkipped);

    internal void Connected() => Interlocked.Increment(ref _connects);

    internal void Identified() => Interlocked.Increment(ref _identifies);

    internal void Resumed() => Interlocked.Increment(ref _resumes);

    internal void Reconnected() => Interlocked.Increment(ref _reconnects);

    internal void HeartbeatSent() => Interlocked.Increment(ref _heartbeatsSent);

    internal void HeartbeatAcked() => Interlocked.Increment(ref _heartbeatAcks);

    internal void Delivered() => Interlocked.Increment(ref _dispatchesDelivered);

    internal void DuplicateSkipped() => Interlocked.Increment(ref _duplicatesSkipped);

    internal void PayloadSkipped() => Interlocked.Increment(ref _payloadsSkipped);

    /// <summary>A snapshot adding up several shards' counters.</summary>
    public static GatewayCounters Sum(IEnumerable<GatewayCounters> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var sum = new GatewayCounters();
        foreach (var shard in shards)
        {
            sum._connects += shard.Connects;
            sum._identifies += shard.Identifies;
            sum._resumes += shard.Resumes;
            sum._reconnects += shard.Reconnects;
            sum._heartbeatsSent += shard.HeartbeatsSent;
            sum._heartbeatAcks += shard.HeartbeatAcks;
            sum._dispatchesDelivered += shard.DispatchesDelivered;
            sum._duplicatesSkipped += shard.DuplicatesSkipped;
            sum._payloadsSkipped += shard.PayloadsSkipped;
        }

        return sum;
    }
}
