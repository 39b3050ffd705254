namespace PaperBot.Interactions;

/// <summary>
/// How long this process has been serving commands, counted from <see cref="Start"/>: the bot's gateway owner
/// calls it as the host starts, the shell as it opens. Zero until then.
/// </summary>
public sealed class BotUptime(TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _startedAt;

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate)
            {
                return _startedAt is { } started ? timeProvider.GetUtcNow() - started : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Starts counting now; a second call keeps the first start.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _startedAt ??= timeProvider.GetUtcNow();
        }
    }
}
