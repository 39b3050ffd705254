using System.Text;
using PaperBot.Papers;

namespace PaperBot.Library;

/// <summary>
/// A paper title as a BibTeX field. Titles are what authors typed, so mostly LaTeX already: math
/// (<c>$O(n^2)$</c>) and commands (<c>na\"ive</c>, <c>\emph{}</c>) are written as they are, for LaTeX to
/// typeset; characters LaTeX would misread (<c>&amp; % # _ ^</c>, a lone <c>$</c>, unbalanced braces) are
/// escaped. Every word holding a capital is wrapped in braces, so styles that sentence-case titles keep
/// <c>LANTERN</c>, <c>GPT-4</c> and <c>Transformer</c> as written.
/// </summary>
public static class BibTexTitle
{
    public static string Encode(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var balanced = Balanced(title);
        var text = new StringBuilder(title.Length + 16);
        foreach (var word in Words(title))
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            var encoded = EncodeWord(word, balanced);
            text.Append(HasCapital(word) ? "{" + encoded + "}" : encoded);
        }

        return text.ToString();
    }

    /// <summary>Splits on whitespace outside math, so a formula stays one word.</summary>
    private static List<string> Words(string title)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < title.Length; i++)
        {
            var c = title[i];
            if (c == '$' && LatexText.MathEnd(title, i, title.Length) is > 0 and var end)
            {
                current.Append(title, i, end - i);
                i = end - 1;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
                if (c == '\\' && i + 1 < title.Length && !char.IsWhiteSpace(title[i + 1]))
                {
                    current.Append(title[++i]);
                }
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string EncodeWord(string word, bool keepBraces)
    {
        var text = new StringBuilder(word.Length + 4);
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '$' && LatexText.MathEnd(word, i, word.Length) is > 0 and var end)
            {
                text.Append(word, i, end - i);
                i = end - 1;
                continue;
            }

            switch (c)
            {
                case '\\' when i + 1 < word.Length:
                    text.Append(c).Append(word[++i]);
                    break;
                case '\\':
                    text.Append(@"\textbackslash{}");
                    break;
                case '{' or '}' when keepBraces:
                    text.Append(c);
                    break;
                case '{' or '}' or '&' or '%' or '$' or '#' or '_':
                    text.Append('\\').Append(c);
                    break;
                case '^':
                    text.Append(@"\textasciicircum{}");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A capital in the word's text: not in a command's name, not in math.</summary>
    private static bool HasCapital(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            if (c == '$' && LatexText.MathEnd(word, i, word.Length) is > 0 and var end)
            {
                i = end - 1;
            }
            else if (c == '\\')
            {
                // \emph, \LaTeX: skip the name; \"O: the accented letter still counts.
                while (i + 1 < word.Length && char.IsAsciiLetter(word[i + 1]))
                {
                    i++;
                }
            }
            else if (char.IsUpper(c))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Balanced(string title)
    {
        var depth = 0;
        for (var i = 0; i < title.Length && depth >= 0; i++)
        {
            switch (title[i])
            {
                case '\\':
                    i++;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    break;
            }
        }

        return depth == 0;
    }
}
