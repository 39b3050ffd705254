namespace PaperBot.Scheduling;

/// <summary>
/// The sleep of a due loop (<see cref="DueLoopService{TPass, TWakeup}"/>): until the instant its pass said is next
/// due, or until a command wakes it early (a new subscription, <c>/digest now</c>, <c>/club schedule</c>).
/// Each loop has its own subclass, one instance per process, so one loop's signal never wakes another.
/// </summary>
public abstract class DueWakeup
{
    // A real clock ticks between two readings; only a larger step counts as a jump.
    private static readonly TimeSpan ArmTolerance = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private TaskCompletionSource _signal = NewSignal();
    private DateTimeOffset? _waitingUntil;

    /// <summary>
    /// Completes at the next <see cref="Signal"/>. The loop takes it before a run, so a signal raised
    /// during the run still cuts the following sleep short.
    /// </summary>
    public Task NextSignal
    {
        get
        {
            lock (_gate)
            {
                return _signal.Task;
            }
        }
    }

    /// <summary>
    /// The instant the loop sleeps until, while it is idle in a wait armed for exactly that instant with no
    /// signal pending; null while it runs. A test seam: tests move a fake clock only when the loop is idle.
    /// </summary>
    internal DateTimeOffset? WaitingUntil
    {
        get
        {
            lock (_gate)
            {
                return _waitingUntil;
            }
        }
    }

    public void Signal()
    {
        TaskCompletionSource previous;
        lock (_gate)
        {
            previous = _signal;
            _signal = NewSignal();
            _waitingUntil = null;
        }

        previous.TrySetResult();
    }

    /// <summary>Waits until <paramref name="due"/> on <paramref name="timeProvider"/> or until <paramref name="signal"/> completes.</summary>
    public async Task WaitUntilAsync(Task signal, DateTimeOffset due, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(timeProvider);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Arm(due, timeProvider, cts.Token);
        try
        {
            await Task.WhenAny(sleep, signal.WaitAsync(cts.Token)).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _waitingUntil = null;
            }

            await cts.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();

        Task Arm(DateTimeOffset until, TimeProvider clock, CancellationToken token)
        {
            while (true)
            {
                var now = clock.GetUtcNow();
                if (now >= until)
                {
                    return Task.CompletedTask;
                }

                // A clock that moves between reading it and arming the timer pushes the wake-up late by the
                // jump; such a reading is dropped and the wait armed again. A timer left behind by a dropped
                // attempt is cancelled with the whole wait.
                var delay = Task.Delay(until - now, clock, token);
                if (clock.GetUtcNow() - now <= ArmTolerance)
                {
                    lock (_gate)
                    {
                        if (ReferenceEquals(_signal.Task, signal))
                        {
                            _waitingUntil = until;
                        }
                    }

                    return delay;
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The loop every due loop runs (the digest, the journal club's reminders): a pass, then sleep until the instant the
    /// pass says is next due or until <see cref="Signal"/>. A failed pass is reported and retried after
    /// <paramref name="retryDelay"/>; only stopping ends the loop.
    /// </summary>
    public async Task RunPassesAsync(
        Func<CancellationToken, Task<DateTimeOffset>> pass,
        TimeSpan retryDelay,
        TimeProvider timeProvider,
        Action<Exception> onFailure,
        CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(onFailure);
        while (!stoppingToken.IsCancellationRequested)
        {
            var signal = NextSignal;
            DateTimeOffset due;
            try
            {
                due = await pass(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                onFailure(ex);
                due = timeProvider.GetUtcNow() + retryDelay;
            }

            try
            {
                await WaitUntilAsync(signal, due, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }
}
