namespace PaperBot.Library;

/// <summary>
/// Turns "First von Last, Jr." into BibTeX's "von Last, Jr., First" so Zotero and BibTeX split the name
/// where a reader would: lowercase particles stay with the last name, suffixes get their own part, a single
/// name is a last name.
/// </summary>
internal static class BibTexAuthors
{
    private static readonly HashSet<string> Suffixes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V",
    };

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del", "della", "des", "dos", "das", "ten", "ter", "zu", "y", "bin", "al",
    };

    /// <summary>The name's parts (last with particles, suffix, first), unescaped.</summary>
    public static (string Last, string? Suffix, string First) Split(string name)
    {
        var text = name.Trim();
        string? suffix = null;

        // "Last, First" or "Last, Jr., First" already in BibTeX order.
        var commaParts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (commaParts.Length == 2 && Suffixes.Contains(commaParts[1]))
        {
            text = commaParts[0];
            suffix = commaParts[1];
        }
        else if (commaParts.Length >= 2)
        {
            return commaParts.Length == 3
                ? (commaParts[0], commaParts[1], commaParts[2])
                : (commaParts[0], null, commaParts[1]);
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && suffix is null && Suffixes.Contains(words[^1]))
        {
            suffix = words[^1];
            words.RemoveAt(words.Count - 1);
        }

        if (words.Count <= 1)
        {
            return (words.Count == 1 ? words[0] : text, suffix, "");
        }

        var lastStart = words.Count - 1;
        while (lastStart > 1 && Particles.Contains(words[lastStart - 1]))
        {
            lastStart--;
        }

        return (string.Join(' ', words[lastStart..]), suffix, string.Join(' ', words[..lastStart]));
    }

    /// <summary>One author in BibTeX form, escaped.</summary>
    public static string Format(string name)
    {
        var (last, suffix, first) = Split(name);
        var escapedLast = BibTexWriter.Escape(last);

        // A one-word name with a space-free last part is unambiguous; a multi-word one without a first name
        // (an organisation) is braced so BibTeX keeps it whole.
        if (first.Length == 0 && suffix is null)
        {
            return last.Contains(' ', StringComparison.Ordinal) ? "{" + escapedLast + "}" : escapedLast;
        }

        return suffix is null
            ? $"{escapedLast}, {BibTexWriter.Escape(first)}"
            : $"{escapedLast}, {BibTexWriter.Escape(suffix)}, {BibTexWriter.Escape(first)}";
    }

    /// <summary>The last name without particles, for citation keys.</summary>
    public static string KeyName(string name)
    {
        var (last, _, _) = Split(name);
        var words = last.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? "" : words[^1];
    }
}
