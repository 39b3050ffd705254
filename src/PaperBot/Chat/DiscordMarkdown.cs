using System.Text;
using PaperBot.Papers.Search;

namespace PaperBot.Chat;

/// <summary>Makes text from papers and users render as typed in a Discord message.</summary>
public static class DiscordMarkdown
{
    /// <summary>Zero-width space: splits <c>@everyone</c> so it shows as text and never reads as a ping.</summary>
    private const char Breaker = '\u200B';

    /// <summary>
    /// Escapes markdown (<c>\ * _ ~ | ` &gt; # [ ]</c>, so <c>**x**</c> and masked links <c>[a](b)</c> stay text)
    /// and neutralizes mentions visually: <c>@everyone</c>/<c>@here</c> get a zero-width break and
    /// <c>&lt;@id&gt;</c>, <c>&lt;#id&gt;</c>, <c>&lt;@&amp;id&gt;</c> lose their meaning. allowed_mentions already
    /// stops any ping; this keeps the text from looking like one.
    /// </summary>
    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Escaped(text).ToString();

    private static StringBuilder Escaped(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\' or '*' or '_' or '~' or '|' or '`' or '>' or '#' or '[' or ']':
                    builder.Append('\\').Append(c);
                    break;
                case '<' when i + 1 < text.Length && text[i + 1] is '@' or '#' or ':' or 't' or '/':
                    builder.Append('\\').Append(c);
                    break;
                case '@' when StartsWithWord(text, i + 1, "everyone") || StartsWithWord(text, i + 1, "here"):
                    builder.Append(c).Append(Breaker);
                    break;
                case '-' or '+' when AtLineStart(text, i):
                    // "- x" would start a list: keep the dash as text.
                    builder.Append('\\').Append(c);
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder;
    }

    /// <summary>
    /// A search snippet (paper text with its matched terms between <see cref="SnippetFormatter.Open"/> and
    /// <see cref="SnippetFormatter.Close"/>) as Discord markdown: the text escaped as <see cref="Escape"/> does, the
    /// matched terms in bold.
    /// </summary>
    public static string Snippet(string? marked)
    {
        var text = SnippetFormatter.Format(marked);
        return text.Length == 0 ? "" : Escaped(text).Replace(SnippetFormatter.Open.ToString(), "**").Replace(SnippetFormatter.Close.ToString(), "**").ToString();
    }

    /// <summary>Inline code with backticks removed (they cannot be escaped inside a code span).</summary>
    public static string Code(string? text) =>
        string.IsNullOrEmpty(text) ? "` `" : $"`{text.Replace('`', '\'').Replace("@", "@\u200B", StringComparison.Ordinal)}`";

    private static bool StartsWithWord(string text, int index, string word) =>
        index + word.Length <= text.Length && string.CompareOrdinal(text, index, word, 0, word.Length) == 0;

    private static bool AtLineStart(string text, int index)
    {
        for (var j = index - 1; j >= 0; j--)
        {
            if (text[j] == '\n')
            {
                return true;
            }

            if (!char.IsWhiteSpace(text[j]))
            {
                return false;
            }
        }

        return true;
    }
}
