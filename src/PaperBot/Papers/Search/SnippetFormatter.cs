namespace PaperBot.Papers.Search;

/// <summary>
/// The passage a search shows for a paper, as plain paper text: the matched terms sit between <see cref="Open"/>
/// and <see cref="Close"/> (two private-use characters FTS5 puts there), as data. How it looks in a chat, with
/// its escaping, is the chat layer's business (<c>Chat/DiscordMarkdown.Snippet</c>); a terminal drops the marks.
/// </summary>
public static class SnippetFormatter
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';
    public const string Ellipsis = "…";

    /// <summary>FTS5's snippet with its marks made well-formed: paired, never nested, never empty, closed at the end.</summary>
    public static string Format(string? marked)
    {
        if (string.IsNullOrEmpty(marked))
        {
            return "";
        }

        var builder = new System.Text.StringBuilder(marked.Length);
        var open = -1;
        foreach (var c in marked)
        {
            switch (c)
            {
                case Open when open < 0:
                    open = builder.Length;
                    builder.Append(Open);
                    break;
                case Close when open >= 0:
                    CloseMark(builder, open);
                    open = -1;
                    break;
                case Open or Close:
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        if (open >= 0)
        {
            CloseMark(builder, open);
        }

        return builder.ToString();
    }

    /// <summary>The text with its marks dropped (for a terminal or a script).</summary>
    public static string Unmarked(string? marked) =>
        string.IsNullOrEmpty(marked) ? "" : marked.Replace(Open.ToString(), "", StringComparison.Ordinal).Replace(Close.ToString(), "", StringComparison.Ordinal);

    /// <summary>Plain text cut at a word boundary, for results without highlighted terms.</summary>
    public static string Plain(string? text, int maxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var cut = Unmarked(text);
        if (cut.Length > maxLength)
        {
            var space = cut.LastIndexOf(' ', maxLength);
            cut = cut[..(space > maxLength / 2 ? space : maxLength)].TrimEnd() + Ellipsis;
            if (char.IsHighSurrogate(cut[^2]))
            {
                cut = cut[..^2] + Ellipsis;
            }
        }

        return cut;
    }

    private static void CloseMark(System.Text.StringBuilder builder, int open)
    {
        if (open == builder.Length - 1)
        {
            builder.Length = open; // an empty mark
        }
        else
        {
            builder.Append(Close);
        }
    }
}
