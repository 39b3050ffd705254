using System.Text;

namespace PaperBot.Papers.Search;

/// <summary>
/// Turns FTS5 snippet output into Discord markdown. Highlights arrive wrapped in two private-use
/// characters, so the paper text can be escaped first and only then the markers become <c>**</c>.
/// </summary>
internal static class SnippetFormatter
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';
    public const string Ellipsis = "…";

    // Characters Discord reads as markdown (emphasis, code, quotes, spoilers, links, headings, lists, mentions).
    private const string Special = "\\*_~|`>[]()#-<:@";

    public static string Format(string? marked)
    {
        if (string.IsNullOrEmpty(marked))
        {
            return "";
        }

        var builder = new StringBuilder(marked.Length + 16);
        var open = false;
        foreach (var c in marked)
        {
            switch (c)
            {
                case Open when !open:
                    builder.Append("**");
                    open = true;
                    break;
                case Close when open:
                    builder.Append("**");
                    open = false;
                    break;
                case Open or Close:
                    break;
                default:
                    AppendEscaped(builder, c);
                    break;
            }
        }

        if (open)
        {
            builder.Append("**");
        }

        return builder.ToString().Replace("****", "", StringComparison.Ordinal);
    }

    /// <summary>Escaped plain text cut at a word boundary, for results without highlighted terms.</summary>
    public static string Plain(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var cut = text;
        if (text.Length > maxLength)
        {
            var space = text.LastIndexOf(' ', maxLength);
            cut = text[..(space > maxLength / 2 ? space : maxLength)].TrimEnd() + Ellipsis;
            if (char.IsHighSurrogate(cut[^2]))
            {
                cut = cut[..^2] + Ellipsis;
            }
        }

        var builder = new StringBuilder(cut.Length + 16);
        foreach (var c in cut)
        {
            AppendEscaped(builder, c);
        }

        return builder.ToString();
    }

    private static void AppendEscaped(StringBuilder builder, char c)
    {
        if (Special.Contains(c, StringComparison.Ordinal))
        {
            builder.Append('\\');
        }

        builder.Append(c);
    }
}
