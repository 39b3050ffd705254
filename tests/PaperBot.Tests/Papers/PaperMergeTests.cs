using PaperBot.Papers;

namespace PaperBot.Tests.Papers;

public sealed class PaperMergeTests
{
    private static readonly DateTimeOffset FirstSeen = new(2024, 10, 5, 8, 0, 0, TimeSpan.Zero);

    private static Paper ArxivV1() => new()
    {
        Id = "2410.03355",
        Version = 1,
        Title = "LANTERN: old title",
        Abstract = "Old abstract.",
        Authors = ["Alice", "Bob"],
        Published = new DateOnly(2024, 10, 4),
        Updated = new DateTimeOffset(2024, 10, 4, 0, 0, 0, TimeSpan.Zero),
        Categories = ["cs.CV"],
        Sources = ["arxiv"],
        FirstSeen = FirstSeen,
    };

    [Fact]
    public void Merge_NewerVersion_UpdatesBibliographicFields()
    {
        var v2 = new Paper
        {
            Id = "2410.03355",
            Version = 2,
            Title = "LANTERN: new title",
            Abstract = "New abstract.",
            Authors = ["Alice", "Bob", "Carol"],
            Updated = new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero),
            Categories = ["cs.CV", "cs.LG"],
            Sources = ["arxiv"],
        };

        var merged = PaperMerge.Merge(ArxivV1(), v2);

        Assert.Equal(2, merged.Version);
        Assert.Equal("LANTERN: new title", merged.Title);
        Assert.Equal("New abstract.", merged.Abstract);
        Assert.Equal(["Alice", "Bob", "Carol"], merged.Authors);
        Assert.Equal(["cs.CV", "cs.LG"], merged.Categories);
        Assert.Equal(v2.Updated, merged.Updated);
        Assert.Equal(new DateOnly(2024, 10, 4), merged.Published);
        Assert.Equal(FirstSeen, merged.FirstSeen);
    }

    [Fact]
    public void Merge_OlderVersionArrivingLate_DoesNotOverwriteNewerFields()
    {
        var v2 = ArxivV1() with { Version = 2, Title = "v2 title" };
        var v1 = ArxivV1() with { FirstSeen = null };

        var merged = PaperMerge.Merge(v2, v1);

        Assert.Equal(2, merged.Version);
        Assert.Equal("v2 title", merged.Title);
    }

    [Fact]
    public void Merge_SecondSource_AddsWhatItKnows()
    {
        var huggingFace = new Paper
        {
            Id = "2410.03355",
            Title = "LANTERN: old title",
            Upvotes = 42,
            Comments = 3,
            AiSummary = "A faster way to decode images.",
            AiKeywords = ["speculative decoding"],
            CodeUrl = "https://github.com/example/lantern",
            ProjectUrl = "https://example.com/lantern",
            Sources = ["huggingface"],
        };

        var merged = PaperMerge.Merge(ArxivV1(), huggingFace);

        Assert.Equal(42, merged.Upvotes);
        Assert.Equal(3, merged.Comments);
        Assert.Equal("A faster way to decode images.", merged.AiSummary);
        Assert.Equal(["speculative decoding"], merged.AiKeywords);
        Assert.Equal("https://github.com/example/lantern", merged.CodeUrl);
        Assert.Equal("https://example.com/lantern", merged.ProjectUrl);
        Assert.Equal(["arxiv", "huggingface"], merged.Sources);
        Assert.Equal("Old abstract.", merged.Abstract);
        Assert.Equal(["Alice", "Bob"], merged.Authors);
    }

    [Fact]
    public void Merge_EmptyIncomingFields_NeverEraseKnownOnes()
    {
        var known = ArxivV1() with
        {
            Upvotes = 10,
            Comments = 2,
            AiSummary = "summary",
            AiKeywords = ["k"],
            CodeUrl = "https://github.com/x/y",
            ProjectUrl = "https://x.y",
        };
        var sparse = new Paper { Id = "2410.03355", Version = 3, Title = "", Abstract = "", AiSummary = " ", Sources = ["import"] };

        var merged = PaperMerge.Merge(known, sparse);

        Assert.Equal(3, merged.Version);
        Assert.Equal("LANTERN: old title", merged.Title);
        Assert.Equal("Old abstract.", merged.Abstract);
        Assert.Equal(["Alice", "Bob"], merged.Authors);
        Assert.Equal(["cs.CV"], merged.Categories);
        Assert.Equal(10, merged.Upvotes);
        Assert.Equal(2, merged.Comments);
        Assert.Equal("summary", merged.AiSummary);
        Assert.Equal(["k"], merged.AiKeywords);
        Assert.Equal("https://github.com/x/y", merged.CodeUrl);
        Assert.Equal("https://x.y", merged.ProjectUrl);
        Assert.Equal(known.Updated, merged.Updated);
        Assert.Equal(["arxiv", "import"], merged.Sources);
    }

    [Fact]
    public void Merge_OlderUpvoteSnapshot_KeepsTheHigherCount()
    {
        var merged = PaperMerge.Merge(ArxivV1() with { Upvotes = 50 }, ArxivV1() with { Upvotes = 20, FirstSeen = null });

        Assert.Equal(50, merged.Upvotes);
    }

    [Fact]
    public void Merge_SameData_IsSameContent()
    {
        var existing = ArxivV1();

        Assert.True(PaperMerge.SameContent(existing, PaperMerge.Merge(existing, ArxivV1() with { FirstSeen = null })));
    }

    [Fact]
    public void Normalize_VersionedIdAndWrappedText_GivesStoredForm()
    {
        var normalized = PaperMerge.Normalize(new Paper
        {
            Id = "arXiv:2410.03355v2",
            Title = "LANTERN:\n  Accelerating",
            Authors = [" Alice ", "", "Bob"],
            Sources = ["arxiv", "arxiv"],
        });

        Assert.Equal("2410.03355", normalized.Id);
        Assert.Equal(2, normalized.Version);
        Assert.Equal("LANTERN: Accelerating", normalized.Title);
        Assert.Equal(["Alice", "Bob"], normalized.Authors);
        Assert.Equal(["arxiv"], normalized.Sources);
    }
}
