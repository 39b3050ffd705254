using System.Text.RegularExpressions;

namespace PaperBot.Papers;

/// <summary>
/// The arXiv papers a chat message links to: arxiv.org abs/pdf/html URLs, <c>arXiv:2401.01234</c>,
/// huggingface.co/papers (or hf.co) URLs and arXiv DOIs (<c>doi.org/10.48550/arXiv.2401.01234</c>); and the other DOIs
/// it links (<see cref="ExtractDois"/>). A bare number such as <c>2401.01234</c> is not taken: in conversation it is as
/// likely a version or a figure.
/// </summary>
public static partial class PaperLinks
{
    /// <summary>Distinct ids (versions dropped) in the order they first appear, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<ArxivId> Extract(string? text, int max = int.MaxValue)
    {
        var found = new List<ArxivId>();
        if (string.IsNullOrEmpty(text) || max <= 0)
        {
            return found;
        }

        foreach (Match match in Pattern().Matches(text))
        {
            var candidate = match.Groups["id"].Value + (match.Groups["v"].Success ? "v" + match.Groups["v"].Value : "");
            if (ArxivId.TryParse(candidate, out var id) && !found.Exists(f => f.Id == id.Id))
            {
                found.Add(id);
                if (found.Count == max)
                {
                    break;
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Other DOIs the text links (<c>doi.org/10.1145/...</c>, <c>doi:10.1145/...</c>), as <see cref="PaperId"/> keys,
    /// distinct, in order, at most <paramref name="max"/>; arXiv's own DOIs are left to <see cref="Extract"/>. Such a
    /// DOI names a paper only when one was imported under it: nothing can be asked about it.
    /// </summary>
    public static IReadOnlyList<string> ExtractDois(string? text, int max = int.MaxValue)
    {
        var found = new List<string>();
        if (string.IsNullOrEmpty(text) || max <= 0)
        {
            return found;
        }

        foreach (Match match in DoiPattern().Matches(text))
        {
            // A sentence's punctuation after a link is not part of the DOI.
            var doi = match.Groups["doi"].Value.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']');
            // PaperId keys arXiv's own DOIs as arXiv ids: those are Extract's, not a DOI's.
            if (PaperId.TryNormalize(doi, out var id) && PaperId.IsDoi(id) && !found.Contains(id, StringComparer.Ordinal))
            {
                found.Add(id);
                if (found.Count == max)
                {
                    break;
                }
            }
        }

        return found;
    }

    [GeneratedRegex(
        """
        (?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi:\s?)
        (?<doi>10\.\d{4,9}/[^\s<>"'`|{}\\]+)
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex DoiPattern();

    [GeneratedRegex(
        """
        (?:
            (?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/
          | (?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/papers/
          | (?:https?://)?(?:dx\.)?doi\.org/10\.48550/arxiv\.
          | \barxiv:\s?
        )
        (?<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})
        (?:v(?<v>\d{1,3}))?
        (?![\d])
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
