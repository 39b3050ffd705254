namespace PaperBot.Papers;

/// <summary>
/// How what a source tells us about a paper combines with what we already know. Pure: the store calls
/// it for every paper that already exists, so a paper is never stored twice.
/// </summary>
public static class PaperMerge
{
    /// <summary>
    /// A newer arXiv version replaces the bibliographic fields it carries; any source adds what it knows
    /// (Hugging Face counts and summaries, code and project links); an empty or missing incoming field
    /// never erases a known one; sources are a union; the first-seen time is kept.
    /// </summary>
    public static Paper Merge(Paper existing, Paper incoming)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(incoming);

        var newer = incoming.Version > existing.Version
            || (incoming.Version == existing.Version && incoming.Updated > existing.Updated);
        var (first, second) = newer ? (incoming, existing) : (existing, incoming);

        return existing with
        {
            Version = Math.Max(existing.Version, incoming.Version),
            Title = Prefer(first.Title, second.Title) ?? "",
            Abstract = Prefer(first.Abstract, second.Abstract) ?? "",
            Authors = first.Authors.Count > 0 ? first.Authors : second.Authors,
            Categories = first.Categories.Count > 0 ? first.Categories : second.Categories,
            Updated = Max(existing.Updated, incoming.Updated),
            Published = existing.Published ?? incoming.Published,
            CodeUrl = Prefer(incoming.CodeUrl, existing.CodeUrl),
            ProjectUrl = Prefer(incoming.ProjectUrl, existing.ProjectUrl),
            AiSummary = Prefer(incoming.AiSummary, existing.AiSummary),
            AiKeywords = incoming.AiKeywords.Count > 0 ? incoming.AiKeywords : existing.AiKeywords,
            // Counts only grow on Hugging Face; taking the larger keeps a re-import of an old file harmless.
            Upvotes = Max(existing.Upvotes, incoming.Upvotes),
            Comments = Max(existing.Comments, incoming.Comments),
            Sources = Union(existing.Sources, incoming.Sources),
            FirstSeen = existing.FirstSeen ?? incoming.FirstSeen,
        };
    }

    /// <summary>Whether two papers hold the same data (lists compared by content).</summary>
    public static bool SameContent(Paper a, Paper b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Id == b.Id && a.Version == b.Version && a.Title == b.Title && a.Abstract == b.Abstract
            && a.Authors.SequenceEqual(b.Authors) && a.Published == b.Published && a.Updated == b.Updated
            && a.Categories.SequenceEqual(b.Categories) && a.CodeUrl == b.CodeUrl && a.ProjectUrl == b.ProjectUrl
            && a.Upvotes == b.Upvotes && a.Comments == b.Comments && a.AiSummary == b.AiSummary
            && a.AiKeywords.SequenceEqual(b.AiKeywords) && a.Sources.SequenceEqual(b.Sources)
            && a.FirstSeen == b.FirstSeen;
    }

    /// <summary>
    /// The form the store keeps: id normalized (<c>arXiv:2410.03355v2</c> becomes <c>2410.03355</c>, version 2),
    /// text whitespace collapsed, empty list entries and duplicate sources dropped.
    /// </summary>
    public static Paper Normalize(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var id = paper.Id.Trim();
        var version = Math.Max(paper.Version, 1);
        // The same key every lookup uses (PaperId): arXiv ids bare, a DOI without doi: or its resolver's address.
        if (PaperId.TryNormalize(id, out var normalized, out var arxivId))
        {
            id = normalized;
            version = Math.Max(version, arxivId.Version ?? 1);
        }

        return paper with
        {
            Id = id,
            Version = version,
            Title = TextNormalizer.Collapse(paper.Title),
            Abstract = TextNormalizer.Collapse(paper.Abstract),
            Authors = CleanList(paper.Authors),
            Categories = CleanList(paper.Categories),
            CodeUrl = TextNormalizer.CollapseOrNull(paper.CodeUrl),
            ProjectUrl = TextNormalizer.CollapseOrNull(paper.ProjectUrl),
            AiSummary = TextNormalizer.CollapseOrNull(paper.AiSummary),
            AiKeywords = CleanList(paper.AiKeywords),
            Sources = paper.Sources.Count > 1 ? CleanList(paper.Sources).Distinct(StringComparer.Ordinal).ToArray() : CleanList(paper.Sources),
        };
    }

    private static string? Prefer(string? first, string? second) =>
        !string.IsNullOrWhiteSpace(first) ? first : !string.IsNullOrWhiteSpace(second) ? second : first ?? second;

    private static T? Max<T>(T? a, T? b)
        where T : struct, IComparable<T> =>
        a is null ? b : b is null ? a : a.Value.CompareTo(b.Value) >= 0 ? a : b;

    private static string[] Union(IReadOnlyList<string> a, IReadOnlyList<string> b) =>
        a.Concat(b).Distinct(StringComparer.Ordinal).ToArray();

    private static IReadOnlyList<string> CleanList(IReadOnlyList<string> values)
    {
        var clean = true;
        foreach (var value in values)
        {
            if (value.Length == 0 || !ReferenceEquals(TextNormalizer.Collapse(value), value))
            {
                clean = false;
                break;
            }
        }

        return clean
            ? values
            : values.Select(TextNormalizer.Collapse).Where(v => v.Length > 0).ToArray();
    }
}
