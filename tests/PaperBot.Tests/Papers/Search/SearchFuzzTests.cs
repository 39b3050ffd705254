using System.Text;
using PaperBot.Chat;
using PaperBot.Papers.Search;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers.Search;

public sealed class SearchFuzzTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>
{
    private static readonly string[] Fragments =
    [
        "\"", "\"\"", "-", "--", "*", "**", "^", ":", "(", ")", "{", "}", "[", "]", "+", "'", "`", "\\", "/", "|", "&", ";",
        "AND", "OR", "NOT", "NEAR", "NEAR(", "and", "or", "not", "near/2", "author:", "author:\"", "cat:", "cat:cs.", "since:",
        "since:7d", "since:99999d", "before:", "before:2025-01-01", "title:", "authors :", "{title abstract}:", "rank", "bm25(",
        "speculative", "decoding", "forecast", "transformer", "GPT-4", "multi-agent", "who's", "20.04", "a", "the", "x*",
        "😀", "🔥🔥", "é", "ß", "漢字", "عربى", "\u0000", "\u0001", "\u001b[31m", "\t", "\n", "\r\n", "\u200b", "\uE000", "\uE001",
        "\ud800", "\udc00", "%", "_", "'; DROP TABLE papers; --", "\" OR 1=1 --", "0x00", "NULL", "*)", "-\"", "OR OR", "- -",
    ];

    [Fact]
    public async Task SearchAsync_ThousandsOfHostileQueries_NeverThrows()
    {
        var random = new Random(20250310);
        var sorts = Enum.GetValues<SearchSort>();
        var failed = 0;
        var answered = 0;
        for (var i = 0; i < 5000; i++)
        {
            var query = i % 50 == 0 ? Long(random) : Random(random);
            var request = new SearchRequest(query, sorts[random.Next(sorts.Length)], random.Next(-5, 30), random.Next(-5, 200));

            var results = await db.Search.SearchAsync(request, CancellationToken.None);

            Assert.NotNull(results);
            Assert.True(results.Error is not null || results.Hits.Count <= 100);
            Assert.True(results.Error is null || results.Hits.Count == 0);
            Assert.DoesNotContain(results.Hits, h => DiscordMarkdown.Snippet(h.Snippet).Contains('\uE000', StringComparison.Ordinal));
            if (results.Error == PaperSearch.FailureMessage)
            {
                failed++;
            }

            answered += results.Error is null ? 1 : 0;
        }

        // The translation must keep SQLite from ever rejecting a query, not just catch it.
        Assert.Equal(0, failed);
        Assert.True(answered > 1000, $"only {answered} queries were answered");
    }

    [Fact]
    public async Task SuggestTitlesAsync_HostileInput_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var suggestions = await db.Search.SuggestTitlesAsync(Random(random), random.Next(-1, 40), CancellationToken.None);
            Assert.True(suggestions.Count <= 25);
        }
    }

    private static string Random(Random random)
    {
        var builder = new StringBuilder();
        var parts = random.Next(1, 8);
        for (var p = 0; p < parts; p++)
        {
            if (random.Next(4) == 0)
            {
                for (var c = random.Next(1, 6); c > 0; c--)
                {
                    builder.Append((char)random.Next(0, 0x3000));
                }
            }
            else
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
            }

            if (random.Next(3) > 0)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string Long(Random random)
    {
        var builder = new StringBuilder();
        while (builder.Length < 5000)
        {
            builder.Append(Random(random));
        }

        return builder.ToString();
    }
}
