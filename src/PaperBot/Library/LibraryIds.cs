using System.Globalization;

namespace PaperBot.Library;

/// <summary>Snowflakes as signed INTEGER bits and instants as ISO-8601 UTC text, as the other tables store them.</summary>
internal static class LibraryIds
{
    public static long ToDb(ulong id) => unchecked((long)id);

    public static ulong FromDb(long value) => unchecked((ulong)value);

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
