using System.Text;

namespace PaperBot.Ingestion.Importers;

/// <summary>Whitespace clean-up shared by the parsers: titles and abstracts arrive hard-wrapped.</summary>
internal static class ImportText
{
    public static string Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    public static string? CollapseOrNull(string? text)
    {
        var collapsed = Collapse(text);
        return collapsed.Length == 0 ? null : collapsed;
    }
}
