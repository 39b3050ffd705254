using System.Globalization;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers;

/// <summary>
/// Maps <c>papers</c> rows. Reads go through one ordinal reader rather than Dapper because every query
/// that returns papers (store and search) shares this column list, and the JSON columns need converting.
/// </summary>
internal static class PaperRows
{
    /// <summary>Columns in the order <see cref="Read"/> expects; qualify with the <c>p</c> alias.</summary>
    public const string Columns = """
        p.seq, p.id, p.version, p.title, p.abstract, p.authors, p.published, p.updated, p.categories,
        p.code_url, p.project_url, p.upvotes, p.comments, p.ai_summary, p.ai_keywords, p.sources, p.first_seen
        """;

    public const int ColumnCount = 17;

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const string DateFormat = "yyyy-MM-dd";

    public static Paper Read(SqliteDataReader reader, out long seq)
    {
        seq = reader.GetInt64(0);
        return new Paper
        {
            Id = reader.GetString(1),
            Version = reader.GetInt32(2),
            Title = reader.GetString(3),
            Abstract = reader.GetString(4),
            Authors = PaperJsonContext.FromJsonArray(reader.GetString(5)),
            Published = reader.IsDBNull(6) ? null : ParseDate(reader.GetString(6)),
            Updated = reader.IsDBNull(7) ? null : ParseTime(reader.GetString(7)),
            Categories = PaperJsonContext.FromJsonArray(reader.GetString(8)),
            CodeUrl = reader.IsDBNull(9) ? null : reader.GetString(9),
            ProjectUrl = reader.IsDBNull(10) ? null : reader.GetString(10),
            Upvotes = reader.IsDBNull(11) ? null : reader.GetInt32(11),
            Comments = reader.IsDBNull(12) ? null : reader.GetInt32(12),
            AiSummary = reader.IsDBNull(13) ? null : reader.GetString(13),
            AiKeywords = PaperJsonContext.FromJsonArray(reader.GetString(14)),
            Sources = PaperJsonContext.FromJsonArray(reader.GetString(15)),
            FirstSeen = ParseTime(reader.GetString(16)),
        };
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>Stored times have millisecond precision; round before comparing with what was read back.</summary>
    public static DateTimeOffset? Truncate(DateTimeOffset? time) =>
        time is { } t ? new DateTimeOffset(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero) : null;
}
