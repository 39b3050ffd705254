using System.Globalization;
using System.Text;
using PaperBot.Papers;

namespace PaperBot.Library;

/// <summary>
/// BibTeX as arXiv's own export writes it (<c>@misc</c> with <c>eprint</c>, <c>archivePrefix</c>,
/// <c>primaryClass</c>), which Zotero and BibTeX both import. Non-ASCII text stays UTF-8: biber, Zotero
/// and modern BibTeX read it, and transliterating would lose names. A paper imported from another source has no
/// arXiv fields: its DOI when its id is one, and its page when it has one.
/// </summary>
public static class BibTexWriter
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static readonly HashSet<string> KeyStopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "via", "is", "are", "towards", "toward", "from", "by", "at",
    };

    public static string Write(IEnumerable<Paper> papers)
    {
        ArgumentNullException.ThrowIfNull(papers);
        var text = new StringBuilder();
        var usedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paper in papers)
        {
            var key = UniqueKey(BaseKey(paper), usedKeys);
            text.Append("@misc{").Append(key).Append(",\n");
            Field(text, "title", BibTexTitle.Encode(paper.Title));
            if (paper.Authors.Count > 0)
            {
                Field(text, "author", string.Join(" and ", paper.Authors.Select(BibTexAuthors.Format)));
            }

            if (paper.DateOrSubmissionMonth is { } published)
            {
                Field(text, "year", published.Year.ToString(CultureInfo.InvariantCulture));
                text.Append("  month = ").Append(Months[published.Month - 1]).Append(",\n");
            }

            if (paper.IsArxiv)
            {
                Field(text, "eprint", paper.Id);
                Field(text, "archivePrefix", "arXiv");
                if (paper.PrimaryCategory is { } category)
                {
                    Field(text, "primaryClass", Escape(category));
                }
            }
            else if (PaperId.IsDoi(paper.Id))
            {
                // biblatex reads doi verbatim: escaping would put the backslashes into the DOI.
                Field(text, "doi", paper.Id);
            }

            if (paper.AbsUrl is { } url)
            {
                Field(text, "url", url.AbsoluteUri);
            }

            text.Length -= 2;
            text.Append("\n}\n\n");
        }

        return text.ToString();
    }

    /// <summary>Escapes BibTeX/LaTeX special characters; everything else, non-ASCII included, is kept.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': text.Append(@"\textbackslash{}"); break;
                case '{': text.Append(@"\{"); break;
                case '}': text.Append(@"\}"); break;
                case '&': text.Append(@"\&"); break;
                case '%': text.Append(@"\%"); break;
                case '$': text.Append(@"\$"); break;
                case '#': text.Append(@"\#"); break;
                case '_': text.Append(@"\_"); break;
                case '~': text.Append(@"\textasciitilde{}"); break;
                case '^': text.Append(@"\textasciicircum{}"); break;
                case '\r' or '\n' or '\t': text.Append(' '); break;
                default: text.Append(c); break;
            }
        }

        return text.ToString();
    }

    /// <summary><c>ren2025beyond</c>: first author's last name, year, first meaningful title word, ASCII letters only.</summary>
    public static string BaseKey(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        var name = KeyPart(paper.Authors.Count > 0 ? BibTexAuthors.KeyName(paper.Authors[0]) : "");
        var year = paper.DateOrSubmissionMonth?.Year.ToString(CultureInfo.InvariantCulture) ?? "";
        var word = paper.Title.Split((char[])[' ', '-', ':', '/'], StringSplitOptions.RemoveEmptyEntries)
            .Select(KeyPart)
            .FirstOrDefault(w => w.Length > 0 && !KeyStopWords.Contains(w)) ?? "";
        var key = name + year + word;
        return key.Length > 0 ? key : (paper.IsArxiv ? "arxiv" : "paper") + KeyPart(paper.Id);
    }

    private static string UniqueKey(string key, HashSet<string> used)
    {
        if (used.Add(key))
        {
            return key;
        }

        for (var n = 0; ; n++)
        {
            var suffix = n < 26 ? ((char)('a' + n)).ToString() : n.ToString(CultureInfo.InvariantCulture);
            if (used.Add(key + suffix))
            {
                return key + suffix;
            }
        }
    }

    private static string KeyPart(string value)
    {
        var folded = value.Normalize(NormalizationForm.FormD);
        var key = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    private static void Field(StringBuilder text, string name, string value) =>
        text.Append("  ").Append(name).Append(" = {").Append(value).Append("},\n");
}
