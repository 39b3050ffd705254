using System.Globalization;

namespace PaperBot.Storage;

/// <summary>
/// How every table stores what SQLite has no type for: instants as ISO-8601 UTC text with millisecond
/// precision (one format, so stored times compare as text), dates as <c>yyyy-MM-dd</c>, and Discord snowflakes
/// as the bits of a signed INTEGER.
/// </summary>
public static class DbValues
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    public static string Time(DateTimeOffset time) =>
        time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads any ISO-8601 time (rows written before times had one format carry seven decimals).</summary>
    public static DateTimeOffset? TryParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateOnly? TryParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>Stored times have millisecond precision; round before comparing with what was read back.</summary>
    public static DateTimeOffset TruncateToStored(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    /// <summary>A time this application wrote; throws on text that is not one.</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>A date this application wrote; throws on text that is not one.</summary>
    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, DateFormat, CultureInfo.InvariantCulture);

    /// <summary>A snowflake as the signed INTEGER SQLite stores (same bits).</summary>
    public static long ToDb(ulong id) => unchecked((long)id);

    public static ulong FromDb(long value) => unchecked((ulong)value);
}
