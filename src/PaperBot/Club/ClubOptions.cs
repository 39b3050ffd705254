namespace PaperBot.Club;

/// <summary>Section <c>Club</c>: the journal club's reminder loop.</summary>
public sealed class ClubOptions
{
    public const string SectionName = "Club";

    /// <summary>Off stops the reminder loop (the commands still work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When the reminder goes out the day before a session in a channel without a digest (with one, the digest's time).</summary>
    public TimeOnly DefaultReminderTime { get; set; } = new(9, 0);

    /// <summary>The time zone of channels without a digest subscription (IANA id).</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How long a failed reminder run waits before trying again.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest the loop sleeps without looking at the queue again.</summary>
    public TimeSpan MaxSleep { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long a process's claim on a reminder it is sending keeps others off it; one that died mid-send leaves
    /// the reminder to the next process after this (the message's nonce stops a double post within minutes).
    /// </summary>
    public TimeSpan ReminderClaim { get; set; } = TimeSpan.FromMinutes(5);
}
