using System.Text;

namespace PaperBot.Papers;

/// <summary>
/// Titles and abstracts as people read them. arXiv stores what authors typed, which is LaTeX
/// (<c>na\"ive</c>, <c>12-38\%</c>, <c>\emph{not}</c>, <c>\eg</c>); this turns the common text-mode LaTeX
/// into Unicode and keeps <c>$...$</c> math as it was written, since Discord and a terminal cannot typeset
/// it and a half-converted formula reads worse than the source. Unknown commands are kept as typed.
/// Pure and allocation-light: it runs for every paper shown.
/// </summary>
public static class LatexText
{
    // Accent commands and the combining mark each puts on its argument; composed with NFC afterwards.
    private static readonly Dictionary<char, char> SymbolAccents = new()
    {
        ['"'] = '\u0308', ['\''] = '\u0301', ['`'] = '\u0300', ['^'] = '\u0302', ['~'] = '\u0303', ['='] = '\u0304', ['.'] = '\u0307',
    };

    private static readonly Dictionary<string, char> LetterAccents = new(StringComparer.Ordinal)
    {
        ["u"] = '\u0306', ["v"] = '\u030C', ["H"] = '\u030B', ["c"] = '\u0327', ["k"] = '\u0328', ["r"] = '\u030A', ["d"] = '\u0323', ["b"] = '\u0331',
    };

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["ss"] = "ß", ["o"] = "ø", ["O"] = "Ø", ["ae"] = "æ", ["AE"] = "Æ", ["oe"] = "œ", ["OE"] = "Œ", ["aa"] = "å", ["AA"] = "Å",
        ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["j"] = "ȷ", ["eg"] = "e.g.", ["ie"] = "i.e.", ["etal"] = "et al.", ["cf"] = "cf.",
        ["vs"] = "vs.", ["etc"] = "etc.", ["wrt"] = "w.r.t.", ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["textendash"] = "–",
        ["textemdash"] = "—", ["ldots"] = "…", ["dots"] = "…", ["textbackslash"] = "\\", ["textasciitilde"] = "~",
        ["textasciicircum"] = "^", ["S"] = "§", ["P"] = "¶", ["copyright"] = "©", ["pounds"] = "£", ["dag"] = "†", ["quad"] = " ",
    };

    // Commands whose braced argument is the text to show (formatting only), and declarations that style
    // the rest of their group ({\em text}).
    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal)
    {
        "emph", "textit", "textbf", "texttt", "textsc", "textrm", "textsf", "textsl", "textup", "textmd", "underline", "mbox", "text", "url", "uppercase",
    };

    private static readonly HashSet<string> Declarations = new(StringComparer.Ordinal)
    {
        "em", "it", "bf", "tt", "sc", "rm", "sf", "sl", "itshape", "bfseries", "scshape", "ttfamily", "normalfont", "upshape", "small", "large", "footnotesize",
    };

    /// <summary>The text with common LaTeX rendered as Unicode, whitespace collapsed, math kept as <c>$...$</c>.</summary>
    public static string ToUnicode(string? latex)
    {
        if (string.IsNullOrEmpty(latex))
        {
            return "";
        }

        // Nothing to do for most titles: skip the work.
        if (latex.AsSpan().IndexOfAny("\\{}$~-`'") < 0)
        {
            return TextNormalizer.Collapse(latex);
        }

        var text = new StringBuilder(latex.Length);
        Render(latex, 0, latex.Length, text);
        return TextNormalizer.Collapse(text.ToString().Normalize(NormalizationForm.FormC));
    }

    private static void Render(string s, int from, int to, StringBuilder text)
    {
        var i = from;
        while (i < to)
        {
            var c = s[i];
            switch (c)
            {
                case '$':
                    var close = MathEnd(s, i, to);
                    if (close < 0)
                    {
                        text.Append('$');
                        i++;
                    }
                    else
                    {
                        text.Append(s, i, close - i);
                        i = close;
                    }

                    break;
                case '\\':
                    i = Command(s, i, to, text);
                    break;
                case '{':
                    var end = GroupEnd(s, i, to);
                    if (end < 0)
                    {
                        text.Append('{');
                        i++;
                    }
                    else
                    {
                        Render(s, i + 1, end, text);
                        i = end + 1;
                    }

                    break;
                case '~':
                    text.Append(' ');
                    i++;
                    break;
                case '-' when i + 1 < to && s[i + 1] == '-':
                    var em = i + 2 < to && s[i + 2] == '-';
                    text.Append(em ? '—' : '–');
                    i += em ? 3 : 2;
                    break;
                case '`' when i + 1 < to && s[i + 1] == '`':
                    text.Append('“');
                    i += 2;
                    break;
                case '\'' when i + 1 < to && s[i + 1] == '\'':
                    text.Append('”');
                    i += 2;
                    break;
                default:
                    text.Append(c);
                    i++;
                    break;
            }
        }
    }

    /// <summary>Renders the command at <paramref name="i"/> (a backslash) and returns where the text goes on.</summary>
    private static int Command(string s, int i, int to, StringBuilder text)
    {
        if (i + 1 >= to)
        {
            text.Append('\\');
            return to;
        }

        var next = s[i + 1];
        if (SymbolAccents.TryGetValue(next, out var mark))
        {
            return Accent(s, i + 2, to, mark, text);
        }

        if (!char.IsAsciiLetter(next))
        {
            // \% \& \# \_ \$ \{ \} and "\ " are the character itself; \\ is a line break.
            text.Append(next is '\\' or ',' or ';' or '!' ? ' ' : next);
            return i + 2;
        }

        var nameEnd = i + 1;
        while (nameEnd < to && char.IsAsciiLetter(s[nameEnd]))
        {
            nameEnd++;
        }

        var name = s[(i + 1)..nameEnd];
        if (LetterAccents.TryGetValue(name, out mark))
        {
            return Accent(s, SkipSpaces(s, nameEnd, to), to, mark, text);
        }

        var after = nameEnd;
        if (Words.TryGetValue(name, out var word))
        {
            text.Append(word);
            // "\eg{}" and "\ss{}" end with an empty group. A space after a letter ("Stra\ss e") only ends the
            // command's name; after a word ("\eg the", "\LaTeX is") it is kept, as \xspace would.
            if (after + 1 < to && s[after] == '{' && s[after + 1] == '}')
            {
                return after + 2;
            }

            return word.Length == 1 && after < to && s[after] == ' ' ? after + 1 : after;
        }

        if (Wrappers.Contains(name) || name == "href")
        {
            var argument = SkipSpaces(s, after, to);
            if (name == "href" && argument < to && s[argument] == '{' && GroupEnd(s, argument, to) is > 0 and var urlEnd)
            {
                argument = SkipSpaces(s, urlEnd + 1, to);
            }

            if (argument < to && s[argument] == '{' && GroupEnd(s, argument, to) is > 0 and var end)
            {
                Render(s, argument + 1, end, text);
                return end + 1;
            }
        }

        if (Declarations.Contains(name))
        {
            return SkipSpaces(s, after, to);
        }

        // Unknown: keep it and its arguments as typed rather than guess.
        while (after < to && s[after] == '{' && GroupEnd(s, after, to) is > 0 and var argumentEnd)
        {
            after = argumentEnd + 1;
        }

        text.Append(s, i, after - i);
        return after;
    }

    private static int Accent(string s, int i, int to, char mark, StringBuilder text)
    {
        if (i >= to)
        {
            return to;
        }

        if (s[i] == '{' && GroupEnd(s, i, to) is > 0 and var end)
        {
            var inner = new StringBuilder();
            Render(s, i + 1, end, inner);
            AppendAccented(inner.ToString(), mark, text);
            return end + 1;
        }

        if (s[i] == '\\' && i + 1 < to && s[i + 1] is 'i' or 'j' && (i + 2 >= to || !char.IsAsciiLetter(s[i + 2])))
        {
            // \"\i: the dotless i takes the accent as a plain i (ï), which NFC can compose.
            AppendAccented(s[i + 1].ToString(), mark, text);
            return i + 2;
        }

        AppendAccented(s[i].ToString(), mark, text);
        return i + 1;
    }

    private static void AppendAccented(string letters, char mark, StringBuilder text)
    {
        text.Append(letters.Replace('ı', 'i').Replace('ȷ', 'j'));
        text.Append(mark);
    }

    private static int SkipSpaces(string s, int i, int to)
    {
        while (i < to && s[i] == ' ')
        {
            i++;
        }

        return i;
    }

    /// <summary>The index just past the <c>$</c> (or <c>$$</c>) closing the math that opens at <paramref name="i"/>, or -1.</summary>
    internal static int MathEnd(string s, int i, int to)
    {
        var display = i + 1 < to && s[i + 1] == '$';
        var j = i + (display ? 2 : 1);
        for (; j < to; j++)
        {
            if (s[j] == '\\')
            {
                j++;
            }
            else if (s[j] == '$')
            {
                if (!display)
                {
                    return j > i + 1 ? j + 1 : -1;
                }

                return j + 1 < to && s[j + 1] == '$' ? j + 2 : -1;
            }
        }

        return -1;
    }

    /// <summary>The index of the <c>}</c> closing the group that opens at <paramref name="i"/>, or -1 when unbalanced.</summary>
    internal static int GroupEnd(string s, int i, int to)
    {
        var depth = 0;
        for (var j = i; j < to; j++)
        {
            switch (s[j])
            {
                case '\\':
                    j++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when --depth == 0:
                    return j;
            }
        }

        return -1;
    }
}
