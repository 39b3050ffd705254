using System.Text;

namespace PaperBot.Papers.Search;

public enum SearchField
{
    Any,
    Authors,
}

/// <summary>One word, phrase or prefix the user asked for; <see cref="Text"/> is exactly what they typed.</summary>
public sealed record SearchTerm(string Text, bool IsPrefix = false, SearchField Field = SearchField.Any)
{
    /// <summary>
    /// The term as one FTS5 string: always double-quoted with inner quotes doubled, so no user text is
    /// ever read as FTS5 syntax (operators, column names, NEAR, ^, *).
    /// </summary>
    public string ToFts()
    {
        var quoted = $"\"{Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        if (IsPrefix)
        {
            quoted += " *";
        }

        return Field == SearchField.Authors ? $"(authors : {quoted})" : quoted;
    }
}

/// <summary>
/// A parsed search: every group must match (a group is one term, or terms joined by OR), no exclusion
/// may match, and the SQL filters (categories, dates) apply. See docs/search.md for the syntax.
/// </summary>
public sealed record SearchQuery
{
    public const int MaxTerms = 32;
    public const int MaxTermLength = 200;
    public const int MaxCategories = 8;

    public IReadOnlyList<IReadOnlyList<SearchTerm>> Groups { get; init; } = [];

    public IReadOnlyList<SearchTerm> Exclusions { get; init; } = [];

    /// <summary>Any of these categories (<c>cs.CV</c>, or <c>cs</c> for the whole archive).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> ExcludedCategories { get; init; } = [];

    /// <summary>Published on or after (papers without a date use the day they were first stored).</summary>
    public DateOnly? Since { get; init; }

    /// <summary>Published strictly before.</summary>
    public DateOnly? Before { get; init; }

    /// <summary>True when terms were dropped to stay under <see cref="MaxTerms"/>.</summary>
    public bool Truncated { get; init; }

    public bool HasTextTerms => Groups.Count > 0;

    /// <summary>The FTS5 MATCH expression for the positive terms and exclusions; null without positive terms.</summary>
    public string? MatchExpression => HasTextTerms ? Build(includeExclusions: true) : null;

    /// <summary>
    /// The positive words restricted to titles, for ranking candidates without BM25; null when the query
    /// has only author terms.
    /// </summary>
    public string? TitleMatchExpression
    {
        get
        {
            var groups = Groups
                .Where(g => g.All(t => t.Field == SearchField.Any))
                .Select(g => g.Count == 1 ? g[0].ToFts() : $"({string.Join(" OR ", g.Select(t => t.ToFts()))})")
                .ToArray();
            return groups.Length == 0 ? null : $"title : ({string.Join(" AND ", groups)})";
        }
    }

    /// <summary>The FTS5 expression matching any exclusion; null without exclusions.</summary>
    public string? ExclusionExpression =>
        Exclusions.Count == 0 ? null : string.Join(" OR ", Exclusions.Select(t => t.ToFts()));

    public IEnumerable<SearchTerm> PositiveTerms => Groups.SelectMany(g => g);

    public static SearchQueryParseResult Parse(string? input) => Parse(input, TimeProvider.System);

    /// <summary>Never throws: malformed input gives either a best-effort query or a message for the user.</summary>
    public static SearchQueryParseResult Parse(string? input, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return SearchQueryParser.Parse(input ?? "", DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime));
    }

    private string Build(bool includeExclusions)
    {
        var builder = new StringBuilder();
        foreach (var group in Groups)
        {
            if (builder.Length > 0)
            {
                builder.Append(" AND ");
            }

            if (group.Count == 1)
            {
                builder.Append(group[0].ToFts());
            }
            else
            {
                builder.Append('(').AppendJoin(" OR ", group.Select(t => t.ToFts())).Append(')');
            }
        }

        if (includeExclusions && Exclusions.Count > 0)
        {
            builder.Insert(0, '(').Append(')');
            foreach (var exclusion in Exclusions)
            {
                builder.Append(" NOT ").Append(exclusion.ToFts());
            }
        }

        return builder.ToString();
    }
}

/// <summary>Either a query or a message telling the user what to change.</summary>
public sealed record SearchQueryParseResult(SearchQuery? Query, string? Error)
{
    public bool Success => Query is not null;
}
