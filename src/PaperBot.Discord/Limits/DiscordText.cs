using System.Globalization;

namespace PaperBot.Discord.Limits;

public static class DiscordText
{
    public const string Ellipsis = "…";

    /// <summary>
    /// Cuts <paramref name="text"/> to at most <paramref name="max"/> UTF-16 units, ending with an ellipsis,
    /// without splitting a grapheme (an emoji with modifiers, a letter with combining marks, a surrogate pair).
    /// </summary>
    public static string Truncate(string? text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (string.IsNullOrEmpty(text) || text.Length <= max)
        {
            return text ?? "";
        }

        if (max < Ellipsis.Length)
        {
            return "";
        }

        var budget = max - Ellipsis.Length;
        var end = 0;
        while (end < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text, end);
            if (end + next > budget)
            {
                break;
            }

            end += next;
        }

        return string.Concat(text.AsSpan(0, end).TrimEnd(), Ellipsis);
    }
}
