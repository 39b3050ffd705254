namespace PaperBot.Papers.Search;

/// <summary>
/// One ranking query's link to <c>paperbot_bm25</c>: how many best rows to keep exact (0: every row, for
/// sorts other than relevance), which word counts it may use, and how many rows it saw.
/// </summary>
internal sealed class Bm25Run(int keep, TermCounts? terms)
{
    public int Keep { get; } = Math.Max(0, keep);

    public TermCounts? Terms { get; } = terms;

    public long Matches { get; set; }
}
