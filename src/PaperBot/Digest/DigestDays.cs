namespace PaperBot.Digest;

/// <summary>Which local days a channel gets its digest.</summary>
public enum DigestDays
{
    /// <summary>Monday to Friday in the channel's time zone (arXiv announces nothing on weekends).</summary>
    Weekdays = 0,

    Daily = 1,
}
