using System.Text;
using PaperBot.Ingestion.Importers;

namespace PaperBot.Tests.Ingestion.Importers;

public sealed class ImportFormatDetectorTests
{
    [Theory]
    [InlineData("  \n[{\"paper\":{}}]", ImportFormat.HuggingFaceDaily)]
    [InlineData("<?xml version=\"1.0\"?><feed/>", ImportFormat.ArxivAtom)]
    [InlineData("\r\n<feed xmlns=\"http://www.w3.org/2005/Atom\"/>", ImportFormat.ArxivAtom)]
    [InlineData("{\"id\":\"2410.05258\"}\n", ImportFormat.JsonLines)]
    [InlineData("id,title\n", ImportFormat.Unknown)]
    [InlineData("   ", ImportFormat.Unknown)]
    [InlineData("", ImportFormat.Unknown)]
    public void Detect_FirstSignificantCharacter_PicksFormat(string content, ImportFormat expected) =>
        Assert.Equal(expected, ImportFormatDetector.Detect(Encoding.UTF8.GetBytes(content)));

    [Fact]
    public void Detect_Utf8Bom_IsSkipped() =>
        Assert.Equal(ImportFormat.HuggingFaceDaily, ImportFormatDetector.Detect([0xEF, 0xBB, 0xBF, (byte)'[', (byte)']']));
}
