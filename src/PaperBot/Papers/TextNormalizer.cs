using System.Buffers;
using System.Text;

namespace PaperBot.Papers;

/// <summary>
/// Text clean-up shared by the store and the importers: arXiv hard-wraps titles and abstracts, and feeds
/// carry stray control characters.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Collapses every run of whitespace (newlines included) to one space, trims, drops control characters.</summary>
    public static string Collapse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        if (IsAlreadyCollapsed(text))
        {
            return text;
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

            if (char.IsControl(c) || IsReservedMarker(c))
            {
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

    /// <summary>Like <see cref="Collapse"/>, but null when nothing is left.</summary>
    public static string? CollapseOrNull(string? text)
    {
        var collapsed = Collapse(text);
        return collapsed.Length == 0 ? null : collapsed;
    }

    // Search snippets use these two private-use characters as highlight markers.
    internal static bool IsReservedMarker(char c) => c is '\uE000' or '\uE001';

    // Everything Collapse would change, except the plain space (checked separately for doubles).
    private static readonly SearchValues<char> Unclean = SearchValues.Create(BuildUnclean());

    // Most stored text is already clean: a vectorized scan lets the bulk import path skip the copy.
    private static bool IsAlreadyCollapsed(string text) =>
        text[0] != ' ' && text[^1] != ' '
        && !text.AsSpan().ContainsAny(Unclean)
        && !text.Contains("  ", StringComparison.Ordinal);

    private static string BuildUnclean()
    {
        var builder = new StringBuilder();
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            if (c != ' ' && (char.IsWhiteSpace(c) || char.IsControl(c) || IsReservedMarker(c)))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
