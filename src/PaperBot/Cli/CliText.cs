using System.Globalization;
using System.Text;

namespace PaperBot.Cli;

/// <summary>Helpers for the human-readable output: fixed widths so columns line up in any terminal.</summary>
internal static partial class CliText
{
    public const int TitleWidth = 72;

    /// <summary>
    /// A command-line parser message without .NET type names: <c>as expected type 'System.Int32'</c> becomes
    /// "as a whole number", an enum's type becomes its values.
    /// </summary>
    public static string ParseErrorInUserTerms(string line) =>
        ExpectedType().Replace(line.Split(" Did you mean", 2)[0], m => m.Groups[1].Value switch
        {
            "System.Int32" or "System.Int64" => "as a whole number",
            "System.DateOnly" => "as a date (YYYY-MM-DD)",
            var type when Type.GetType(type + ", paperbot") is { IsEnum: true } enumType =>
                $"(use {string.Join(", ", Enum.GetNames(enumType).Select(n => n.ToLowerInvariant()))})",
            _ => "",
        });

    /// <summary>The candidate <paramref name="typed"/> most likely meant: at most two edits away, or one it starts.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var lower = typed.ToLowerInvariant();
        return candidates
            .Select(c => (Name: c, Distance: c.StartsWith(lower, StringComparison.Ordinal) && lower.Length >= 2 ? 0 : EditDistance(lower, c)))
            .Where(c => c.Distance <= 2)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"as expected type '([^']+)'")]
    private static partial System.Text.RegularExpressions.Regex ExpectedType();

    public static string Clip(string text, int width)
    {
        if (text.Length <= width)
        {
            return text;
        }

        return string.Concat(text.AsSpan(0, Math.Max(0, width - 1)).TrimEnd(), "…");
    }

    public static string Authors(IReadOnlyList<string> authors, int max = 3) => authors.Count switch
    {
        0 => "(no authors)",
        _ when authors.Count <= max => string.Join(", ", authors),
        _ => $"{string.Join(", ", authors.Take(max))} and {authors.Count - max} more",
    };

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "          ";

    /// <summary>A paper's date, ten characters wide: without a publication date, the month in its arXiv id.</summary>
    public static string Date(Papers.Paper paper) =>
        (Chat.PaperFormat.KnownDate(paper) ?? "").PadRight(10);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Wraps prose to a width for the <c>show</c> view, indenting continuation lines.</summary>
    public static string Wrap(string text, int width, string indent)
    {
        var builder = new StringBuilder();
        var lineLength = 0;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lineLength > 0 && lineLength + 1 + word.Length > width)
            {
                builder.Append('\n').Append(indent);
                lineLength = 0;
            }
            else if (lineLength > 0)
            {
                builder.Append(' ');
                lineLength++;
            }

            builder.Append(word);
            lineLength += word.Length;
        }

        return builder.ToString();
    }
}
