namespace PaperBot.Papers.Search;

public enum SearchSort
{
    /// <summary>Best match first (BM25: title, then authors, then abstract).</summary>
    Relevance,

    /// <summary>Most recently published first.</summary>
    Newest,

    /// <summary>Most Hugging Face upvotes first, then best match.</summary>
    Upvotes,
}

/// <summary>A search as a user typed it; <see cref="Limit"/> is clamped to 1..100.</summary>
public sealed record SearchRequest(string Query, SearchSort Sort = SearchSort.Relevance, int Offset = 0, int Limit = 10);

/// <summary>
/// One found paper. <see cref="Score"/> is higher for better matches: negated BM25; for a common-word query
/// (docs/search.md) 1 when the title holds the words, else 0; 0 when the query had no words. <see cref="Snippet"/> is plain paper text, the matched terms between
/// <see cref="SnippetFormatter.Open"/> and <see cref="SnippetFormatter.Close"/>: the chat layer escapes it for its medium.
/// </summary>
public sealed record SearchHit(Paper Paper, double Score, string Snippet)
{
    /// <summary>The BM25 part of a hybrid score (as <see cref="Score"/> of a words-only search); null when the words did not find the paper.</summary>
    public double? Lexical { get; init; }

    /// <summary>The cosine similarity of the paper's vector to the query's; null when meaning was not asked or the paper has no vector.</summary>
    public double? Semantic { get; init; }

    /// <summary>Why the paper is shown when its words did not find it (plain text, shown before the snippet), e.g. "close in meaning (0.91)".</summary>
    public string? Reason { get; init; }
}

/// <summary>A title for autocomplete; the command layer truncates it to Discord's 100-character choice limit.</summary>
public sealed record TitleSuggestion(string PaperId, string Title);

public sealed record SearchResults
{
    /// <summary>How many papers match; an estimate when <see cref="TotalCountIsEstimate"/> ("about N").</summary>
    public long TotalCount { get; init; }

    public bool TotalCountIsEstimate { get; init; }

    public IReadOnlyList<SearchHit> Hits { get; init; } = [];

    /// <summary>
    /// The order the hits are in: the one asked for, except that a query of filters only (nothing to rank by
    /// relevance) lists the newest first.
    /// </summary>
    public SearchSort SortedBy { get; init; }

    /// <summary>
    /// True when a sort by newest or upvotes of a query in most papers, with filters that matched too few papers
    /// in sort order, gave up on the whole store within its budget: the hits are sorted among the most recently
    /// stored matches only (docs/search.md). Say so beside the results.
    /// </summary>
    public bool SortIsPartial { get; init; }

    /// <summary>True when no paper holds every word of the query: the hits are the closest by meaning and by some of the words.</summary>
    public bool NoPaperHasEveryWord { get; init; }

    /// <summary>A message for the user when the query could not be run; then there are no hits.</summary>
    public string? Error { get; init; }

    public static SearchResults Failed(string error) => new() { Error = error };
}

/// <summary>
/// A paper of a ranking without snippets (<see cref="PaperSearch.RankPapersAsync"/>): its row id, its id and its score.
/// Only the page a fused ranking shows is read whole.
/// </summary>
internal readonly record struct RankedPaper(long Seq, string Id, double Score);

/// <summary>A page of a ranking without snippets; <see cref="Error"/> is set when the query could not be run.</summary>
internal sealed record RankedPage(IReadOnlyList<RankedPaper> Papers, long TotalCount, bool TotalCountIsEstimate, string? Error = null);

/// <summary>Search tuning, section <c>Search</c>; see docs/search.md.</summary>
public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>
    /// A query whose words are each in more than this fraction of all papers is "common": it is ranked
    /// over the newest <see cref="CandidateLimit"/> matches instead of every match.
    /// </summary>
    public double CommonTermFraction { get; set; } = 0.02;

    /// <summary>How many of the newest matching papers a common query ranks.</summary>
    public int CandidateLimit { get; set; } = 1000;

    /// <summary>
    /// How many SQLite steps a common-word query sorted by newest or upvotes may spend reading papers in that
    /// order before it settles for sorting the newest stored matches (<see cref="SearchResults.SortIsPartial"/>).
    /// </summary>
    public int SortedReadSteps { get; set; } = 2_000_000;
}
