using System.Text;

namespace PaperBot.Tests.Library;

/// <summary>
/// A small BibTeX reader for checking exports: entries, brace-delimited or bare (macro/number) field values,
/// nested braces, and the LaTeX escapes the writer uses turned back into characters.
/// </summary>
internal static class BibTexParser
{
    /// <summary><see cref="Raw"/> holds each braced field as written, for fields that are LaTeX (the title).</summary>
    public sealed record Entry(string Type, string Key, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Raw);

    public static IReadOnlyList<Entry> Parse(string text)
    {
        var entries = new List<Entry>();
        var i = 0;
        while ((i = text.IndexOf('@', i)) >= 0)
        {
            i++;
            var open = text.IndexOf('{', i);
            var type = text[i..open].Trim();
            i = open + 1;
            var comma = text.IndexOf(',', i);
            var key = text[i..comma].Trim();
            i = comma + 1;
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var raw = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (true)
            {
                SkipSpace(text, ref i);
                if (text[i] == '}')
                {
                    i++;
                    break;
                }

                var eq = text.IndexOf('=', i);
                var name = text[i..eq].Trim();
                i = eq + 1;
                SkipSpace(text, ref i);
                string value;
                if (text[i] == '{')
                {
                    var start = ++i;
                    var depth = 1;
                    while (depth > 0)
                    {
                        if (text[i] == '\\')
                        {
                            i += 2;
                            continue;
                        }

                        depth += text[i] == '{' ? 1 : text[i] == '}' ? -1 : 0;
                        i++;
                    }

                    raw[name] = text[start..(i - 1)];
                    value = Unescape(text[start..(i - 1)]);
                }
                else
                {
                    var start = i;
                    while (text[i] != ',' && text[i] != '}' && !char.IsWhiteSpace(text[i]))
                    {
                        i++;
                    }

                    value = text[start..i];
                }

                if (!fields.TryAdd(name, value))
                {
                    throw new FormatException($"Duplicate field {name} in {key}");
                }

                SkipSpace(text, ref i);
                if (text[i] == ',')
                {
                    i++;
                }
            }

            entries.Add(new Entry(type, key, fields, raw));
        }

        return entries;
    }

    /// <summary>Splits an author field on top-level " and " and reads each as (last, first).</summary>
    public static IReadOnlyList<string> Authors(string field) =>
        [.. field.Split(" and ").Select(a => a.Trim())];

    private static string Unescape(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                foreach (var (macro, c) in new[] { ("textbackslash{}", "\\"), ("textasciitilde{}", "~"), ("textasciicircum{}", "^") })
                {
                    if (string.CompareOrdinal(value, i + 1, macro, 0, macro.Length) == 0)
                    {
                        text.Append(c);
                        i += macro.Length;
                        goto next;
                    }
                }

                text.Append(value[++i]);
            }
            else if (value[i] is not '{' and not '}')
            {
                text.Append(value[i]);
            }

        next:;
        }

        return text.ToString();
    }

    private static void SkipSpace(string text, ref int i)
    {
        while (char.IsWhiteSpace(text[i]))
        {
            i++;
        }
    }
}
