namespace PaperBot.Papers.Semantic;

/// <summary>
/// Lets what stores papers in the bot or the shell (an ingestion run) have them embedded now, rather than at the
/// background embedding's next look up to <see cref="SemanticOptions.BackfillInterval"/> later: a paper ingested a
/// minute ago should already be found by meaning.
/// </summary>
public sealed class EmbeddingWake
{
    private TaskCompletionSource signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Papers were stored: the background embedding looks now (or as soon as its current pass ends).</summary>
    public void Notify() => Volatile.Read(ref signal).TrySetResult();

    /// <summary>
    /// Waits for <paramref name="interval"/>, or less when <see cref="Notify"/> is called (or was, since the last
    /// wait: a notice that comes during a pass is not lost).
    /// </summary>
    public async Task WaitAsync(TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref signal);
        if (!current.Task.IsCompleted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(interval, timeProvider, stop.Token);
            await Task.WhenAny(delay, current.Task).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        Interlocked.CompareExchange(ref signal, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
    }
}
