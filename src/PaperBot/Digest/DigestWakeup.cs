namespace PaperBot.Digest;

/// <summary>Lets a command wake the digest loop early (a new subscription, <c>/digest now</c>) instead of waiting out its sleep.</summary>
public sealed class DigestWakeup
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>
    /// Completes at the next <see cref="Signal"/>. The loop takes it before a run, so a signal raised
    /// during the run still cuts the following sleep short.
    /// </summary>
    public Task NextSignal => Volatile.Read(ref _signal).Task;

    public void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    /// <summary>Waits for <paramref name="delay"/> on <paramref name="timeProvider"/> or until <paramref name="signal"/> completes.</summary>
    public static async Task WaitAsync(Task signal, TimeSpan delay, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, timeProvider, cts.Token);
        await Task.WhenAny(sleep, signal.WaitAsync(cts.Token)).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
