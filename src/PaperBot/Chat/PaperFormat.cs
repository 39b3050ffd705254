using System.Globalization;
using PaperBot.Papers;

namespace PaperBot.Chat;

/// <summary>Small pieces of paper text shared by the list and detail replies.</summary>
internal static class PaperFormat
{
    /// <summary>"A", "A, B", or "A, B et al."</summary>
    public static string ShortAuthors(IReadOnlyList<string> authors) => authors.Count switch
    {
        0 => "unknown authors",
        1 => authors[0],
        2 => $"{authors[0]}, {authors[1]}",
        _ => $"{authors[0]}, {authors[1]} et al.",
    };

    public static string Date(Paper paper) => KnownDate(paper) ?? "undated";

    /// <summary>The publication date; without one, the month in the arXiv id (when the paper was first submitted).</summary>
    public static string? KnownDate(Paper paper) =>
        paper.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        ?? ArxivId.SubmissionMonthOf(paper.Id)?.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string? Upvotes(Paper paper) =>
        paper.Upvotes is { } up ? string.Create(CultureInfo.InvariantCulture, $"▲ {up}") : null;

    /// <summary>A masked link whose text cannot break out of the brackets.</summary>
    public static string Link(string text, Uri url) => $"[{DiscordMarkdown.Escape(text)}]({url.AbsoluteUri})";
}
