using PaperBot.Library;
using PaperBot.Papers;

namespace PaperBot.Tests.Library;

public sealed class BibTexWriterTests
{
    private static readonly Paper Tricky = new()
    {
        Id = "2501.01234",
        Title = "Beyond 100% Accuracy: Q&A over {Sets}, C# and $x_1^2$ ~ \\alpha for Müller's #1 task",
        Authors = ["Xiang Ren", "Ludwig van Beethoven", "Martin Luther King Jr.", "Plato", "Jürgen Schmidhuber", "Ana de la Cruz"],
        Published = new DateOnly(2025, 1, 3),
        Categories = ["cs.CL", "cs.AI"],
    };

    [Fact]
    public void Write_SpecialCharacters_ParseBackUnchanged()
    {
        var text = BibTexWriter.Write([Tricky]);

        var entry = Assert.Single(BibTexParser.Parse(text));
        Assert.Equal("misc", entry.Type);
        Assert.Equal("ren2025beyond", entry.Key);
        // The title is LaTeX (math and commands kept for LaTeX to typeset): it reads the same after the trip.
        Assert.Equal(LatexText.ToUnicode(Tricky.Title), LatexText.ToUnicode(entry.Raw["title"]));
        Assert.Equal("2025", entry.Fields["year"]);
        Assert.Equal("jan", entry.Fields["month"]);
        Assert.Equal("2501.01234", entry.Fields["eprint"]);
        Assert.Equal("arXiv", entry.Fields["archivePrefix"]);
        Assert.Equal("cs.CL", entry.Fields["primaryClass"]);
        Assert.Equal("https://arxiv.org/abs/2501.01234", entry.Fields["url"]);
        Assert.Equal(
            ["Ren, Xiang", "van Beethoven, Ludwig", "King, Jr., Martin Luther", "Plato", "Schmidhuber, Jürgen", "de la Cruz, Ana"],
            BibTexParser.Authors(entry.Fields["author"]));
        Assert.Contains("month = jan,", text, StringComparison.Ordinal);
        Assert.Contains(@"Q\&A", text, StringComparison.Ordinal);
        Assert.Contains(@"100\%", text, StringComparison.Ordinal);
        Assert.Contains(@"{{Sets},}", text, StringComparison.Ordinal);
        Assert.Contains(@"$x_1^2$ ~ \alpha", text, StringComparison.Ordinal);
        Assert.Contains("Müller", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SameKeyTwice_AddsLetterSuffix()
    {
        var second = Tricky with { Id = "2501.09999", Title = "Beyond words" };
        var third = Tricky with { Id = "2501.08888", Title = "The beyond" };

        var entries = BibTexParser.Parse(BibTexWriter.Write([Tricky, second, third]));

        Assert.Equal(["ren2025beyond", "ren2025beyonda", "ren2025beyondb"], entries.Select(e => e.Key));
        Assert.Equal(["2501.01234", "2501.09999", "2501.08888"], entries.Select(e => e.Fields["eprint"]));
    }

    [Fact]
    public async Task Write_AllSamplePapers_EveryEntryFieldAndAuthorSurvives()
    {
        await using var db = await TestSupport.DatabaseFixture.CreateAsync();
        var papers = new List<Paper>();
        await foreach (var paper in db.Papers.ExportAllAsync(CancellationToken.None))
        {
            papers.Add(paper);
        }

        var entries = BibTexParser.Parse(BibTexWriter.Write(papers));

        Assert.Equal(papers.Count, entries.Count);
        Assert.Equal(entries.Count, entries.Select(e => e.Key).Distinct().Count());
        for (var i = 0; i < papers.Count; i++)
        {
            Assert.Equal(LatexText.ToUnicode(papers[i].Title), LatexText.ToUnicode(entries[i].Raw["title"]));
            Assert.Equal(papers[i].Id, entries[i].Fields["eprint"]);
            Assert.Equal(papers[i].Authors.Count, BibTexParser.Authors(entries[i].Fields["author"]).Count);
        }
    }

    [Fact]
    public void Write_NoPublicationDate_TakesYearAndMonthFromTheId()
    {
        var undated = Tricky with { Id = "1909.13719", Published = null, Authors = ["Ekin D. Cubuk"], Title = "RandAugment: Practical automated data augmentation" };

        var entry = Assert.Single(BibTexParser.Parse(BibTexWriter.Write([undated])));

        Assert.Equal("cubuk2019randaugment", entry.Key);
        Assert.Equal("2019", entry.Fields["year"]);
        Assert.Equal("sep", entry.Fields["month"]);
    }

    [Fact]
    public void Write_TitleWithCapitalsMathAndAccents_KeepsCaseWithBracesAndMathAsMath()
    {
        var paper = Tricky with { Title = @"LANTERN: Na\""ive $O(n^2)$-Time Search in 12--38\% of GPT-4's Budget \& \emph{More}" };

        var entry = Assert.Single(BibTexParser.Parse(BibTexWriter.Write([paper])));

        Assert.Equal(@"{LANTERN:} {Na\""ive} {$O(n^2)$-Time} {Search} in 12--38\% of {GPT-4's} {Budget} \& {\emph{More}}", entry.Raw["title"]);
        Assert.Equal("LANTERN: Naïve $O(n^2)$-Time Search in 12–38% of GPT-4's Budget & More", LatexText.ToUnicode(entry.Raw["title"]));
    }

    [Theory]
    [InlineData("Xiang Ren", "Ren", "Xiang")]
    [InlineData("Ludwig van Beethoven", "van Beethoven", "Ludwig")]
    [InlineData("Plato", "Plato", "")]
    [InlineData("Ren, Xiang", "Ren", "Xiang")]
    public void Split_NameForms_LastAndFirst(string name, string last, string first)
    {
        var (actualLast, _, actualFirst) = BibTexAuthors.Split(name);
        Assert.Equal((last, first), (actualLast, actualFirst));
    }
}
