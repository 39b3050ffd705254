using System.Globalization;

namespace PaperBot.Chat;

/// <summary>Conversions for the digest tables: snowflakes as signed INTEGER bits, instants as ISO-8601 UTC text.</summary>
internal static class Snowflake
{
    public static long ToDb(ulong id) => unchecked((long)id);

    public static ulong FromDb(long value) => unchecked((ulong)value);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
