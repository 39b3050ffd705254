using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PaperBot.Papers;

namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Reads an arXiv API Atom feed, both the classic serialization (namespaces declared on each element,
/// <c>http://arxiv.org</c> links) and the 2025 one (namespaces on the feed, <c>https</c> links,
/// <c>arxiv:primary_category</c> without a scheme, elements in another order). Elements are found by
/// namespace and name, never by position, and everything but <c>id</c> and <c>title</c> is optional.
/// </summary>
public static partial class ArxivAtomParser
{
    public const string SourceName = "arxiv";

    public static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    public static readonly XNamespace Arxiv = "http://arxiv.org/schemas/atom";
    public static readonly XNamespace OpenSearch = "http://a9.com/-/spec/opensearch/1.1/";

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
    };

    /// <summary>A page (an API answer, a small file): <see cref="Read"/> collected, all or nothing.</summary>
    public static ParsedImport Parse(Stream content) => ParsedRecord.Collect(ImportFormat.ArxivAtom, Read(content));

    /// <summary>
    /// The feed's entries one at a time, as an <see cref="XmlReader"/> reaches them: memory holds one entry,
    /// not the feed. Broken XML, a root other than an Atom feed, or an arXiv API error entry ends the sequence
    /// with a failure at its line and column.
    /// </summary>
    public static IEnumerable<ParsedRecord> Read(Stream content)
    {
        using var reader = XmlReader.Create(content, ReaderSettings);
        var info = (IXmlLineInfo)reader;
        var failure = Guarded(() => reader.MoveToContent());
        if (failure is null && (reader.NodeType != XmlNodeType.Element || reader.LocalName != "feed" || reader.NamespaceURI != Atom.NamespaceName))
        {
            failure = ParsedRecord.Failed(LinePosition(info), $"expected an Atom <feed>, found <{reader.LocalName}>");
        }

        var index = 0;
        while (failure is null)
        {
            (XElement? Entry, ImportPosition Position) next = default;
            failure = Guarded(() => next = NextEntry(reader, info));
            if (failure is not null || next.Entry is not { } entry)
            {
                break;
            }

            if (IsApiError(entry))
            {
                var message = TextNormalizer.Collapse(entry.Element(Atom + "summary")?.Value);
                failure = ParsedRecord.Failed(next.Position, $"the feed is an arXiv API error: {(message.Length > 0 ? message : "no details")}");
                break;
            }

            index++;
            var position = next.Position with { Record = index };
            yield return TryReadEntry(entry, out var paper, out var reason)
                ? ParsedRecord.Of(new ParsedPaper(paper, position))
                : ParsedRecord.Refusal(position, reason);
        }

        if (failure is not null)
        {
            yield return failure;
        }
    }

    /// <summary>The next <c>entry</c> child of the feed and where it starts; other children are skipped. Null at the end.</summary>
    private static (XElement? Entry, ImportPosition Position) NextEntry(XmlReader reader, IXmlLineInfo info)
    {
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
            {
                if (reader.LocalName == "entry" && reader.NamespaceURI == Atom.NamespaceName)
                {
                    var position = LinePosition(info);
                    return ((XElement)XNode.ReadFrom(reader), position);
                }

                reader.Skip();
                continue;
            }

            reader.Read();
        }

        return (null, default);
    }

    private static ParsedRecord? Guarded(Action read)
    {
        try
        {
            read();
            return null;
        }
        catch (XmlException ex)
        {
            return ParsedRecord.Failed(ImportPosition.AtLine(ex.LineNumber, ex.LinePosition), $"invalid XML: {XmlMessage(ex)}");
        }
    }

    private static ImportPosition LinePosition(IXmlLineInfo info) =>
        info.HasLineInfo() ? ImportPosition.AtLine(info.LineNumber, info.LinePosition) : ImportPosition.AtLine(1);

    /// <summary>
    /// The API answers a bad query with HTTP 400 and a feed holding one pseudo-entry titled "Error" whose
    /// id points at <c>/api/errors</c>; storing it would create a paper called "Error".
    /// </summary>
    public static bool IsApiError(XElement entry)
    {
        var id = entry.Element(Atom + "id")?.Value.Trim() ?? "";
        var title = entry.Element(Atom + "title")?.Value.Trim() ?? "";
        return id.Contains("/api/errors", StringComparison.OrdinalIgnoreCase)
            || (title.Equals("Error", StringComparison.Ordinal) && !ArxivId.TryParse(id, out _));
    }

    private static bool TryReadEntry(XElement entry, out Paper paper, out string reason)
    {
        paper = null!;
        var rawId = entry.Element(Atom + "id")?.Value.Trim();
        if (string.IsNullOrEmpty(rawId))
        {
            reason = "entry has no <id>";
            return false;
        }

        if (!ArxivId.TryParse(rawId, out var id))
        {
            reason = $"entry <id> '{HuggingFaceDailyParser.Clip(rawId)}' is not an arXiv id";
            return false;
        }

        var title = TextNormalizer.Collapse(entry.Element(Atom + "title")?.Value);
        if (title.Length == 0)
        {
            reason = $"entry {id.Id} has no <title>";
            return false;
        }

        var comment = TextNormalizer.CollapseOrNull(entry.Element(Arxiv + "comment")?.Value);
        paper = new Paper
        {
            Id = id.Id,
            Version = id.Version ?? 1,
            Title = title,
            Abstract = TextNormalizer.Collapse(entry.Element(Atom + "summary")?.Value),
            Authors = entry.Elements(Atom + "author")
                .Select(a => TextNormalizer.Collapse(a.Element(Atom + "name")?.Value))
                .Where(name => name.Length > 0)
                .ToList(),
            Published = Timestamp(entry.Element(Atom + "published")) is { } published ? DateOnly.FromDateTime(published.UtcDateTime) : null,
            Updated = Timestamp(entry.Element(Atom + "updated")),
            Categories = Categories(entry),
            CodeUrl = CodeUrl(comment),
            Sources = [SourceName],
        };
        reason = "";
        return true;
    }

    /// <summary>Primary category first, then the others in feed order; ACM and MSC codes are not arXiv categories.</summary>
    private static List<string> Categories(XElement entry)
    {
        var terms = new List<string>();
        var primary = entry.Element(Arxiv + "primary_category")?.Attribute("term")?.Value.Trim();
        if (primary is not null && CategoryPattern().IsMatch(primary))
        {
            terms.Add(primary);
        }

        foreach (var category in entry.Elements(Atom + "category"))
        {
            var term = category.Attribute("term")?.Value.Trim();
            if (term is not null && CategoryPattern().IsMatch(term) && !terms.Contains(term, StringComparer.Ordinal))
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>Authors usually announce their code in the comment ("Code: https://github.com/...").</summary>
    internal static string? CodeUrl(string? comment)
    {
        if (comment is null)
        {
            return null;
        }

        var match = CodeHostPattern().Match(comment);
        return match.Success ? match.Value.TrimEnd('.', ',', ';', ')') : null;
    }

    private static DateTimeOffset? Timestamp(XElement? element) =>
        element is not null
        && DateTimeOffset.TryParse(element.Value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when.ToUniversalTime()
            : null;

    // XmlException messages end with "Line 12, position 3." which the position already says.
    private static string XmlMessage(XmlException ex)
    {
        var cut = ex.Message.IndexOf(" Line ", StringComparison.Ordinal);
        return (cut > 0 ? ex.Message[..cut] : ex.Message).Trim();
    }

    [GeneratedRegex(@"^[a-z][a-z\-]*(\.[A-Za-z][A-Za-z\-]*)?$", RegexOptions.CultureInvariant)]
    internal static partial Regex CategoryPattern();

    [GeneratedRegex(@"https?://(www\.)?(github\.com|gitlab\.com|huggingface\.co)/[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodeHostPattern();
}
