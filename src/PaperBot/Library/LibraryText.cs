using System.Text;

namespace PaperBot.Library;

/// <summary>Discord markdown escaping for titles and queries, so they render literally and never format or ping.</summary>
internal static class LibraryText
{
    public static string EscapeMarkdown(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '*' or '_' or '`' or '~' or '|' or '>' or '#' or '[' or ']' or '(' or ')' or '<' or '@' or ':')
            {
                text.Append('\\');
            }

            text.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return text.ToString();
    }
}
