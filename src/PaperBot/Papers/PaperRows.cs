using Microsoft.Data.Sqlite;
using PaperBot.Storage;

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

    public static string FormatTime(DateTimeOffset time) => DbValues.Time(time);

    public static string FormatDate(DateOnly date) => DbValues.Date(date);

    public static DateTimeOffset? ParseTime(string text) => DbValues.TryParseTime(text);

    public static DateOnly? ParseDate(string text) => DbValues.TryParseDate(text);

    /// <summary>Stored times have millisecond precision; round before comparing with what was read back.</summary>
    public static DateTimeOffset? Truncate(DateTimeOffset? time) => time is { } t ? DbValues.TruncateToStored(t) : null;
}
