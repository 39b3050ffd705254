namespace PaperBot.Ingestion.Importers;

public enum ImportFormat
{
    Unknown = 0,

    /// <summary>The Hugging Face <c>/api/daily_papers</c> JSON array.</summary>
    HuggingFaceDaily,

    /// <summary>An arXiv API Atom feed.</summary>
    ArxivAtom,

    /// <summary>PaperBot's own export: one JSON object per line.</summary>
    JsonLines,
}

/// <summary>
/// Tells the formats apart from their first significant character, never from the file name:
/// people rename downloads (<c>query.xml</c>, <c>papers.txt</c>) and a wrong guess would report
/// confusing errors against the wrong grammar.
/// </summary>
public static class ImportFormatDetector
{
    public static ImportFormat Detect(ReadOnlySpan<byte> content)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (content.StartsWith(bom))
        {
            content = content[bom.Length..];
        }

        foreach (var b in content)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'<':
                    return ImportFormat.ArxivAtom;
                case (byte)'[':
                    return ImportFormat.HuggingFaceDaily;
                case (byte)'{':
                    return ImportFormat.JsonLines;
                default:
                    return ImportFormat.Unknown;
            }
        }

        return ImportFormat.Unknown;
    }
}
