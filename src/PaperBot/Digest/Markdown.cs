using System.Text;

namespace PaperBot.Digest;

/// <summary>Escapes Discord markdown so paper titles and user topics render as typed.</summary>
internal static class Markdown
{
    private const string Special = @"\*_~`|>#[]<@";

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (Special.Contains(c, StringComparison.Ordinal))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
