using PaperBot.Chat;
using PaperBot.Digest;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Lookup;
using PaperBot.Papers;

namespace PaperBot.Tests.Chat;

public sealed class PaperCardTests
{
    private static readonly Paper Revised = new()
    {
        Id = "2506.01234",
        Version = 2,
        Title = "A *revised* paper",
        Abstract = "What it found.",
        Authors = ["Ada", "Grace"],
        Categories = ["cs.CL"],
        Published = null,
        Updated = new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void Create_DigestPostAndPaperShow_AreTheSameCardButTheFooterNote()
    {
        var shown = PaperReplies.Detail(Revised).Embeds[0];
        var posted = DigestMessages.ForPaper(Revised, 2, 3, "🔖", PaperCard.AbstractLength, reason: null).Embeds![0];

        Assert.Equal(shown.Title, posted.Title);
        Assert.Equal(shown.Description, posted.Description);
        Assert.Equal(Fields(shown), Fields(posted));
        Assert.Equal("arXiv:2506.01234v2", shown.Footer!.Text);
        Assert.Equal("arXiv:2506.01234v2 · 2/3 · react 🔖 to save", posted.Footer!.Text);
    }

    [Fact]
    public void Create_NoPublicationDate_ShowsTheSubmissionMonthNotTheUpdate()
    {
        var fields = Fields(PaperCard.Create(Revised)).ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal("2025-06", fields["Published"]);
        Assert.Equal("2026-07-01", fields["Updated"]);
    }

    [Fact]
    public void Create_HundredsOfAuthors_FitTheFieldAndSayHowManyMore()
    {
        var crowd = Revised with { Authors = [.. Enumerable.Range(1, 400).Select(i => $"Author Number {i}")] };

        var authors = Fields(PaperCard.Create(crowd)).Single(f => f.Name == "Authors").Value;

        Assert.True(authors.Length <= DiscordLimits.EmbedFieldValue, $"{authors.Length} characters");
        Assert.StartsWith("Author Number 1, Author Number 2, ", authors, StringComparison.Ordinal);
        Assert.Matches(@", Author Number (\d+) and (\d+) more$", authors);
        var match = System.Text.RegularExpressions.Regex.Match(authors, @"Author Number (\d+) and (\d+) more$");
        Assert.Equal(400, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static List<(string Name, string Value, bool? Inline)> Fields(Embed embed) =>
        [.. embed.Fields!.Select(f => (f.Name, f.Value, f.Inline))];
}
