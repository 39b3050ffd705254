using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PaperBot.Papers.Search;

/// <summary>
/// Reads the search syntax: words, "phrases", -exclusions, OR, prefix*, author:, cat:, since:, before:.
/// Anything unrecognized is searched as plain text rather than rejected.
/// </summary>
internal static partial class SearchQueryParser
{
    public const string EmptyMessage = "Type some words to search for, for example `speculative decoding`.";
    public const string OnlyExclusionsMessage = "Add at least one word to look for: `-word` only removes papers from results.";
    public const string NothingSearchableMessage = "There is nothing to search for in that query: use words made of letters or numbers, for example `diffusion`.";

    // FTS5 expands a prefix into every matching term over the whole index: two letters is far too many.
    private const int MinPrefixLength = 3;

    public static SearchQueryParseResult Parse(string input, DateOnly today)
    {
        var state = new State(today);
        var reader = new Reader(input);
        while (reader.SkipSeparators())
        {
            var negated = false;
            if (reader.Peek == '-')
            {
                reader.Advance();
                if (reader.AtSeparator)
                {
                    continue;
                }

                negated = true;
            }

            if (reader.Peek == '"')
            {
                var (phrase, prefix) = reader.ReadQuoted();
                if (phrase is null)
                {
                    // A stray quote: the words after it are read as words, still negated when it followed a '-'.
                    state.NegateNext |= negated;
                    continue;
                }

                state.AddTerm(new SearchTerm(phrase, prefix && IsPrefixLongEnough(phrase)), negated);
                continue;
            }

            var bare = reader.ReadBare();
            if (bare.Length == 0)
            {
                reader.Advance();
                continue;
            }

            var field = FieldPattern().Match(bare);
            if (field.Success)
            {
                var value = field.Groups["value"].Value;
                var quotedPrefix = false;
                if (value.Length == 0 && reader.Peek == '"')
                {
                    string? quoted;
                    (quoted, quotedPrefix) = reader.ReadQuoted();
                    // author:"Yaniv Leviathan without its closing quote: the first name, the rest as words.
                    value = quoted ?? reader.ReadBare();
                }

                var error = state.AddField(field.Groups["name"].Value.ToLowerInvariant(), value, quotedPrefix, negated);
                if (error is not null)
                {
                    return new SearchQueryParseResult(null, error);
                }

                continue;
            }

            switch (bare)
            {
                case "OR" when !negated:
                    state.PendingOr = true;
                    continue;
                case "AND" when !negated:
                    continue;
                case "NOT" when !negated:
                    state.NegateNext = true;
                    continue;
            }

            var isPrefix = false;
            if (bare.EndsWith('*'))
            {
                bare = bare.TrimEnd('*');
                isPrefix = IsPrefixLongEnough(bare);
            }

            state.AddTerm(new SearchTerm(bare, isPrefix), negated);
        }

        return state.Finish(input);
    }

    private static bool IsPrefixLongEnough(string text) =>
        text.EnumerateRunes().Count(Rune.IsLetterOrDigit) >= MinPrefixLength;

    private static bool IsSearchable(string text) => text.EnumerateRunes().Any(Rune.IsLetterOrDigit);

    [GeneratedRegex(@"^(?<name>author|authors|au|cat|category|since|before):(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"^(?<n>\d{1,4})(?<unit>[dwmy])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelativePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z\-]*(\.[A-Za-z\-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    private static readonly HashSet<string> FunctionWords = new(
        ["a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "if", "in", "into", "is", "it", "its", "of", "on",
         "or", "so", "that", "the", "their", "this", "to", "was", "were", "with"],
        StringComparer.OrdinalIgnoreCase);

    private sealed class State(DateOnly today)
    {
        private readonly List<List<SearchTerm>> groups = [];
        private readonly List<SearchTerm> exclusions = [];
        private readonly List<string> categories = [];
        private readonly List<string> excludedCategories = [];
        private DateOnly? since;
        private DateOnly? before;
        private int terms;
        private bool truncated;

        public bool PendingOr { get; set; }

        public bool NegateNext { get; set; }

        public void AddTerm(SearchTerm term, bool negated)
        {
            negated |= NegateNext;
            NegateNext = false;
            var text = Clean(term.Text);
            if (!IsSearchable(text))
            {
                return;
            }

            // "does NOT and", "-the": leaving out every paper with a function word leaves out every paper, which
            // nobody means; in a sentence such a NOT is English, not an operator.
            if (negated && term.Field == SearchField.Any && FunctionWords.Contains(text))
            {
                return;
            }

            if (terms >= SearchQuery.MaxTerms)
            {
                truncated = true;
                return;
            }

            terms++;
            term = term with { Text = text };
            if (negated)
            {
                exclusions.Add(term);
                return;
            }

            if (PendingOr && groups.Count > 0)
            {
                groups[^1].Add(term);
            }
            else
            {
                groups.Add([term]);
            }

            PendingOr = false;
        }

        public string? AddField(string name, string value, bool quotedPrefix, bool negated)
        {
            value = Clean(value);
            switch (name)
            {
                case "author" or "authors" or "au":
                    var isPrefix = quotedPrefix || value.EndsWith('*');
                    value = value.TrimEnd('*');
                    AddTerm(new SearchTerm(value, isPrefix && IsPrefixLongEnough(value), SearchField.Authors), negated);
                    return null;
                case "cat" or "category":
                    if (value.Length == 0)
                    {
                        return null;
                    }

                    if (!CategoryPattern().IsMatch(value) || value.Length > 40)
                    {
                        return "`cat:` expects an arXiv category such as `cat:cs.CV`, or an archive such as `cat:cs`.";
                    }

                    var list = negated ? excludedCategories : categories;
                    if (list.Count < SearchQuery.MaxCategories && !list.Contains(value, StringComparer.OrdinalIgnoreCase))
                    {
                        list.Add(value);
                    }

                    return null;
                case "since":
                    since = ParseDate(value);
                    return since is null ? "`since:` expects a date such as `since:2024-01-01` or a span such as `since:7d` (d, w, m or y)." : null;
                default:
                    before = ParseDate(value);
                    return before is null ? "`before:` expects a date such as `before:2025-01-01` or a span such as `before:30d`." : null;
            }
        }

        public SearchQueryParseResult Finish(string input)
        {
            if (groups.Count == 0 && exclusions.Count == 0 && categories.Count == 0 && excludedCategories.Count == 0
                && since is null && before is null)
            {
                return new SearchQueryParseResult(null, string.IsNullOrWhiteSpace(input) ? EmptyMessage : NothingSearchableMessage);
            }

            if (groups.Count == 0 && exclusions.Count > 0 && categories.Count == 0 && since is null && before is null)
            {
                return new SearchQueryParseResult(null, OnlyExclusionsMessage);
            }

            return new SearchQueryParseResult(
                new SearchQuery
                {
                    Groups = groups,
                    Exclusions = exclusions,
                    Categories = categories,
                    ExcludedCategories = excludedCategories,
                    Since = since,
                    Before = before,
                    Truncated = truncated,
                },
                null);
        }

        private DateOnly? ParseDate(string value)
        {
            var relative = RelativePattern().Match(value);
            if (relative.Success)
            {
                var n = int.Parse(relative.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
                try
                {
                    return char.ToLowerInvariant(relative.Groups["unit"].Value[0]) switch
                    {
                        'd' => today.AddDays(-n),
                        'w' => today.AddDays(-7 * n),
                        'm' => today.AddMonths(-n),
                        _ => today.AddYears(-n),
                    };
                }
                catch (ArgumentOutOfRangeException)
                {
                    return DateOnly.MinValue;
                }
            }

            string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy-MM", "yyyy"];
            return DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        }

        private static string Clean(string text)
        {
            var builder = new StringBuilder(Math.Min(text.Length, SearchQuery.MaxTermLength));
            foreach (var c in text)
            {
                if (builder.Length >= SearchQuery.MaxTermLength)
                {
                    break;
                }

                builder.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
            }

            var cleaned = builder.ToString().Trim();
            // A cut in the middle of a surrogate pair would leave invalid UTF-16.
            return cleaned.Length > 0 && char.IsHighSurrogate(cleaned[^1]) ? cleaned[..^1] : cleaned;
        }
    }
}
