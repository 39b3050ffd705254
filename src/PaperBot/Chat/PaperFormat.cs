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

    /// <summary>The one date rule of every paper shown in chat: <see cref="KnownDate"/>, or "undated".</summary>
    public static string Date(Paper paper) => KnownDate(paper) ?? "undated";

    /// <summary>
    /// The publication day; without one, the month in the arXiv id (when the paper was first submitted), shown
    /// as a month so it does not pretend to know the day.
    /// </summary>
    public static string? KnownDate(Paper paper) =>
        paper.Published is { } published
            ? published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : paper.DateOrSubmissionMonth?.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A moment as the UTC day it fell on (a paper's last update).</summary>
    public static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string? Upvotes(Paper paper) =>
        paper.Upvotes is { } up ? string.Create(CultureInfo.InvariantCulture, $"▲ {up}") : null;

    /// <summary>A masked link whose text cannot break out of the brackets; the escaped text alone when there is no address.</summary>
    public static string Link(string text, Uri? url) =>
        url is null ? DiscordMarkdown.Escape(text) : $"[{DiscordMarkdown.Escape(text)}]({url.AbsoluteUri})";
}
