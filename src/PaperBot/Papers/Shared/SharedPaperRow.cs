using Npgsql;

namespace PaperBot.Papers.Shared;

/// <summary>
/// One <c>papers</c> row as stored, column for column: replicas copy it verbatim so every process holds the same
/// bytes (and so ranks the same), and the shared writer reads it back to merge into.
/// </summary>
internal sealed record SharedPaperRow(
    long Seq,
    string Id,
    int Version,
    string Title,
    string Abstract,
    string Authors,
    string? Published,
    string? Updated,
    string Categories,
    string? PrimaryCategory,
    string? CodeUrl,
    string? ProjectUrl,
    int? Upvotes,
    int? Comments,
    string? AiSummary,
    string AiKeywords,
    string Sources,
    string FirstSeen,
    string ChangedAt,
    long ChangeSeq)
{
    /// <summary>In <see cref="Read"/>'s order.</summary>
    public const string Columns = """
        seq, id, version, title, abstract, authors, published, updated, categories, primary_category,
        code_url, project_url, upvotes, comments, ai_summary, ai_keywords, sources, first_seen, changed_at, change_seq
        """;

    public static SharedPaperRow Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        reader.IsDBNull(10) ? null : reader.GetString(10),
        reader.IsDBNull(11) ? null : reader.GetString(11),
        reader.IsDBNull(12) ? null : reader.GetInt32(12),
        reader.IsDBNull(13) ? null : reader.GetInt32(13),
        reader.IsDBNull(14) ? null : reader.GetString(14),
        reader.GetString(15),
        reader.GetString(16),
        reader.GetString(17),
        reader.GetString(18),
        reader.GetInt64(19));

    public Paper ToPaper() => new()
    {
        Id = Id,
        Version = Version,
        Title = Title,
        Abstract = Abstract,
        Authors = PaperJsonContext.FromJsonArray(Authors),
        Published = Published is null ? null : PaperRows.ParseDate(Published),
        Updated = Updated is null ? null : PaperRows.ParseTime(Updated),
        Categories = PaperJsonContext.FromJsonArray(Categories),
        CodeUrl = CodeUrl,
        ProjectUrl = ProjectUrl,
        Upvotes = Upvotes,
        Comments = Comments,
        AiSummary = AiSummary,
        AiKeywords = PaperJsonContext.FromJsonArray(AiKeywords),
        Sources = PaperJsonContext.FromJsonArray(Sources),
        FirstSeen = PaperRows.ParseTime(FirstSeen),
    };
}

/// <summary>One <c>paper_vectors</c> row of the shared database.</summary>
internal sealed record SharedVectorRow(long Seq, string Model, double Scale, byte[] Vector, long ChangeSeq);
