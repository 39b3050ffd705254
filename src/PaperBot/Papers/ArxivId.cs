using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PaperBot.Papers;

/// <summary>
/// An arXiv identifier normalized from whatever a user pastes: a bare id, a versioned id, an
/// <c>arXiv:</c> prefix, an abs/pdf/Hugging Face URL, or an old-style <c>archive/NNNNNNN</c> id.
/// </summary>
public readonly partial record struct ArxivId(string Id, int? Version)
{
    public override string ToString() => Id;

    public static bool TryParse([NotNullWhen(true)] string? input, out ArxivId id)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 300)
        {
            return false;
        }

        var text = input.Trim().Trim('<', '>');
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        if (match.Groups["new"].Success && !IsPlausibleNewStyle(match.Groups["new"].Value))
        {
            return false;
        }

        var bare = match.Groups["new"].Success
            ? match.Groups["new"].Value
            : $"{match.Groups["archive"].Value.ToLowerInvariant()}{match.Groups["sub"].Value.ToUpperInvariant()}/{match.Groups["num"].Value}";
        int? version = null;
        if (match.Groups["v"].Success)
        {
            // arXiv numbers versions from 1: a v0 is a typo, not a version to look up.
            if (!int.TryParse(match.Groups["v"].Value, out var v) || v < 1)
            {
                return false;
            }

            version = v;
        }

        id = new ArxivId(bare, version);
        return true;
    }

    // YYMM must be a real month from 0704 on; numbers have 4 digits until 1412 and 5 digits from 1501.
    private static bool IsPlausibleNewStyle(string id)
    {
        var yymm = int.Parse(id.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture);
        var month = yymm % 100;
        var digits = id.Length - 5;
        return month is >= 1 and <= 12 && yymm >= 704 && digits == (yymm >= 1501 ? 5 : 4);
    }

    /// <summary>
    /// The first day of the month the id was assigned: arXiv ids start with YYMM (after the archive for
    /// old-style ids, 1991-2007), the month the first version was submitted.
    /// </summary>
    public DateOnly? SubmissionMonth
    {
        get
        {
            var digits = Id.AsSpan(Id.IndexOf('/', StringComparison.Ordinal) + 1);
            if (digits.Length < 4 || !int.TryParse(digits[..4], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var yymm)
                || yymm % 100 is < 1 or > 12)
            {
                return null;
            }

            var year = yymm / 100;
            return new DateOnly(year >= 91 ? 1900 + year : 2000 + year, yymm % 100, 1);
        }
    }

    /// <summary>The <see cref="SubmissionMonth"/> of a stored (normalized) id; null when it is not an arXiv id.</summary>
    public static DateOnly? SubmissionMonthOf(string id) => TryParse(id, out var parsed) ? parsed.SubmissionMonth : null;

    public static ArxivId Parse(string input) =>
        TryParse(input, out var id) ? id : throw new FormatException($"'{input}' is not an arXiv id or URL.");

    // New style: YYMM.NNNN(N) since 2007; old style: archive(.SUB)/YYMMNNN.
    [GeneratedRegex(
        """
        ^(?:(?:https?://)?(?:www\.|export\.)?(?:arxiv\.org/(?:abs|pdf|html)/|huggingface\.co/papers/|hf\.co/papers/))?
        (?:arxiv:)?
        (?:(?<new>\d{4}\.\d{4,5})|(?<archive>[a-z][a-z\-]*)(?<sub>\.[A-Za-z]{2})?/(?<num>\d{7}))
        (?:v(?<v>\d{1,3}))?
        (?:\.pdf)?/?(?:[?#].*)?$
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
