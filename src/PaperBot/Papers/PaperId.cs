using System.Diagnostics.CodeAnalysis;

namespace PaperBot.Papers;

/// <summary>
/// A paper's key in the store. An arXiv paper's is its normalized arXiv id (<see cref="ArxivId"/>); a paper imported
/// from elsewhere keeps the id its source gave it (a DOI such as <c>10.1145/3292500.3330701</c>, an ACL Anthology id,
/// a benchmark corpus's document id such as <c>4983</c>), so a search answer names it as that source does.
/// </summary>
public static class PaperId
{
    /// <summary>
    /// The longest id kept: a card's Save button carries the id in a custom_id of at most 100 characters beside a
    /// short prefix, and a select option's value is capped at 100 too.
    /// </summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The key for <paramref name="input"/>: the normalized arXiv id when it is one (bare, versioned, <c>arXiv:</c>,
    /// an arXiv or Hugging Face URL), else the trimmed text when it is a plain id (<see cref="IsPlainId"/>).
    /// <paramref name="arxiv"/> is the parsed arXiv id, default for other ids.
    /// </summary>
    public static bool TryNormalize([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? id, out ArxivId arxiv)
    {
        arxiv = default;
        if (ArxivId.TryParse(input, out arxiv))
        {
            id = arxiv.Id;
            return true;
        }

        var trimmed = input?.Trim();
        if (trimmed is not null)
        {
            foreach (var prefix in DoiPrefixes)
            {
                if (trimmed.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && IsDoi(trimmed[prefix.Length..]))
                {
                    trimmed = trimmed[prefix.Length..];
                    break;
                }
            }
        }

        // arXiv's own DOI for a paper (10.48550/arXiv.2211.17192) names the arXiv paper.
        if (trimmed is not null && trimmed.StartsWith(ArxivDoiPrefix, StringComparison.OrdinalIgnoreCase)
            && ArxivId.TryParse(trimmed[ArxivDoiPrefix.Length..], out arxiv))
        {
            id = arxiv.Id;
            return true;
        }

        id = trimmed is not null && IsPlainId(trimmed) ? trimmed : null;
        return id is not null;
    }

    private const string ArxivDoiPrefix = "10.48550/arXiv.";

    // A DOI is kept bare, however it was written.
    private static readonly string[] DoiPrefixes = ["https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:"];

    /// <inheritdoc cref="TryNormalize(string?, out string?, out ArxivId)"/>
    public static bool TryNormalize([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? id) =>
        TryNormalize(input, out id, out _);

    /// <summary>Whether a stored id is an arXiv id (new style or old style), as opposed to another source's.</summary>
    public static bool IsArxiv(string id) => ArxivId.TryParse(id, out var parsed) && parsed.Id == id && parsed.Version is null;

    /// <summary>Whether the id is a DOI (<c>10.</c>, a registrant, <c>/</c>, a suffix).</summary>
    public static bool IsDoi(string id) =>
        id.StartsWith("10.", StringComparison.Ordinal) && id.IndexOf('/', StringComparison.Ordinal) is > 3 and var slash && slash < id.Length - 1;

    /// <summary>
    /// The page a reader opens for the paper: arXiv's abstract page for an arXiv id, the DOI resolver for a DOI, none
    /// for other ids (a corpus's own numbering names no page).
    /// </summary>
    public static Uri? PageOf(string id) =>
        IsArxiv(id) ? new Uri($"https://arxiv.org/abs/{id}")
        : IsDoi(id) ? new Uri("https://doi.org/" + id.Replace("%", "%25", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal).Replace("?", "%3F", StringComparison.Ordinal))
        : null;

    /// <summary>The PDF's address, for arXiv papers only.</summary>
    public static Uri? PdfOf(string id) => IsArxiv(id) ? new Uri($"https://arxiv.org/pdf/{id}") : null;

    /// <summary>
    /// An id from a source other than arXiv: 1 to <see cref="MaxLength"/> visible ASCII characters, not a character
    /// that would break a Markdown code span, a link or a BibTeX field (quotes, backticks, angle brackets, braces,
    /// backslash, <c>|</c>), not starting with a character Markdown or a command line would read otherwise, and not a
    /// link (<c>://</c>): a web address names a page, not a paper.
    /// </summary>
    public static bool IsPlainId(string id)
    {
        if (id.Length is 0 or > MaxLength || id[0] is '-' or '#' or '*' or '>' or '@' || id.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is <= ' ' or > '~' or '"' or '\'' or '`' or '<' or '>' or '{' or '}' or '\\' or '|')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>How an id is named in text: <c>arXiv:2211.17192</c>, <c>doi:10.1145/…</c>, or the id itself.</summary>
    public static string Label(string id) => IsArxiv(id) ? $"arXiv:{id}" : IsDoi(id) ? $"doi:{id}" : id;
}
