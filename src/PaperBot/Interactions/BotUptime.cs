namespace PaperBot.Interactions;

/// <summary>When this process started serving commands, read from <see cref="TimeProvider"/> at construction.</summary>
public sealed class BotUptime(TimeProvider timeProvider)
{
    public DateTimeOffset StartedAt { get; } = timeProvider.GetUtcNow();

    public TimeSpan Elapsed => timeProvider.GetUtcNow() - StartedAt;
}
