namespace PaperBot.Discord.Gateway;

/// <summary>
/// Keeps every process of a bot inside Discord's <c>max_concurrency</c>: Discord counts IDENTIFYs per token, not per
/// process, so a fleet whose processes each pace only themselves can still send two in one bucket within 5 s.
/// The <see cref="GatewayIdentifyLimiter"/> paces this process first, then enters the gate.
/// </summary>
public interface IGatewayIdentifyGate
{
    /// <summary>
    /// Waits until no other process may be identifying in <paramref name="bucket"/> (<c>shard_id % max_concurrency</c>).
    /// Dispose the lease right after the IDENTIFY is sent: the bucket stays closed to everyone for
    /// <paramref name="interval"/> from then.
    /// </summary>
    Task<IAsyncDisposable> EnterAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken);
}

/// <summary>The default for a bot that runs as one process: the limiter's own pacing is all there is to keep.</summary>
public sealed class InProcessIdentifyGate : IGatewayIdentifyGate
{
    private static readonly Task<IAsyncDisposable> Open = Task.FromResult<IAsyncDisposable>(new NoLease());

    public Task<IAsyncDisposable> EnterAsync(int bucket, TimeSpan interval, CancellationToken cancellationToken) => Open;

    private sealed class NoLease : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
