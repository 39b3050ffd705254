namespace PaperBot.Scheduling;

/// <summary>One pass of a due loop: does what is due now and says when the next thing is due.</summary>
public interface IDuePass
{
    /// <summary>Runs what is due; returns the instant the loop should run again.</summary>
    Task<DateTimeOffset> RunDueAsync(CancellationToken cancellationToken);
}
