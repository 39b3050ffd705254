using Microsoft.Extensions.Time.Testing;
using PaperBot.Papers.Search;

namespace PaperBot.Tests.Papers.Search;

public sealed class SearchQueryTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero));

    private static SearchQuery Parse(string input)
    {
        var result = SearchQuery.Parse(input, Clock);
        Assert.True(result.Success, result.Error);
        return result.Query!;
    }

    [Fact]
    public void Parse_PlainWords_AllMustMatchAsQuotedStrings()
    {
        Assert.Equal("\"speculative\" AND \"decoding\"", Parse("speculative decoding").MatchExpression);
    }

    [Fact]
    public void Parse_Phrase_StaysOneQuotedString()
    {
        Assert.Equal("\"exact phrase\" AND \"x\"", Parse("\"exact phrase\" x").MatchExpression);
    }

    [Fact]
    public void Parse_Exclusions_BecomeNot()
    {
        var query = Parse("diffusion -video -\"text to image\"");

        Assert.Equal("(\"diffusion\") NOT \"video\" NOT \"text to image\"", query.MatchExpression);
        Assert.Equal("\"video\" OR \"text to image\"", query.ExclusionExpression);
    }

    [Fact]
    public void Parse_Or_GroupsNeighbours()
    {
        Assert.Equal("\"llm\" AND (\"agent\" OR \"agents\" OR \"tool\") AND \"use\"", Parse("llm agent OR agents OR tool use").MatchExpression);
    }

    [Fact]
    public void Parse_Prefix_KeepsStarOutsideTheQuotes()
    {
        Assert.Equal("\"transf\" *", Parse("transf*").MatchExpression);
    }

    [Fact]
    public void Parse_OneLetterPrefix_IsSearchedAsAWord()
    {
        Assert.Equal("\"a\"", Parse("a*").MatchExpression);
    }

    [Fact]
    public void Parse_Author_IsAnAuthorsColumnFilter()
    {
        var query = Parse("author:\"Yaniv Leviathan\" decoding");

        Assert.Equal("(authors : \"Yaniv Leviathan\") AND \"decoding\"", query.MatchExpression);
    }

    [Fact]
    public void Parse_Filters_AreSqlNotFts()
    {
        var query = Parse("cat:cs.CV since:2024-01-01 before:2025-01-01 diffusion");

        Assert.Equal(["cs.CV"], query.Categories);
        Assert.Equal(new DateOnly(2024, 1, 1), query.Since);
        Assert.Equal(new DateOnly(2025, 1, 1), query.Before);
        Assert.Equal("\"diffusion\"", query.MatchExpression);
    }

    [Theory]
    [InlineData("since:7d", 2025, 3, 3)]
    [InlineData("since:2w", 2025, 2, 24)]
    [InlineData("since:1m", 2025, 2, 10)]
    [InlineData("since:1y", 2024, 3, 10)]
    public void Parse_RelativeSince_CountsBackFromTheClock(string input, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), Parse(input).Since);
    }

    [Fact]
    public void Parse_FilterOnly_HasNoMatchExpression()
    {
        var query = Parse("cat:cs.CL");

        Assert.False(query.HasTextTerms);
        Assert.Null(query.MatchExpression);
    }

    [Theory]
    [InlineData("multi-agent", "\"multi-agent\"")]
    [InlineData("GPT-4", "\"GPT-4\"")]
    [InlineData("who's", "\"who's\"")]
    [InlineData("20.04", "\"20.04\"")]
    [InlineData("NEAR(", "\"NEAR(\"")]
    [InlineData("NEAR(a b)", "\"NEAR(a\" AND \"b)\"")]
    [InlineData("col:umn", "\"col:umn\"")]
    [InlineData("a\"b", "\"a\" AND \"b\"")]
    [InlineData("say \"hi", "\"say\" AND \"hi\"")]
    [InlineData("x^2 {title}", "\"x^2\" AND \"{title}\"")]
    [InlineData("AND attention", "\"attention\"")]
    [InlineData("OR attention OR", "\"attention\"")]
    [InlineData("attention\u0000\u0007is", "\"attention\" AND \"is\"")]
    public void Parse_RawFtsHazards_AreQuotedNeverInterpreted(string input, string expected)
    {
        Assert.Equal(expected, Parse(input).MatchExpression);
    }

    [Theory]
    [InlineData("\"unclosed quote about diffusion", "\"unclosed\" AND \"quote\" AND \"about\" AND \"diffusion\"")]
    [InlineData("what is a \"world model", "\"what\" AND \"is\" AND \"a\" AND \"world\" AND \"model\"")]
    [InlineData("\"closed phrase\" then \"stray", "\"closed phrase\" AND \"then\" AND \"stray\"")]
    public void Parse_UnclosedQuote_IsStrayAndTheRestAreWords(string input, string expected)
    {
        Assert.Equal(expected, Parse(input).MatchExpression);
    }

    [Fact]
    public void Parse_UnclosedQuoteAfterMinusOrAuthor_KeepsTheirMeaningForTheNextWord()
    {
        var excluded = Parse("diffusion -\"text to image");
        var author = Parse("author:\"Yaniv Leviathan");

        Assert.Equal("\"text\"", excluded.ExclusionExpression);
        Assert.Equal("(authors : \"Yaniv\") AND \"Leviathan\"", author.MatchExpression);
    }

    [Theory]
    [InlineData("models that use NOT and OR operators", "\"models\" AND \"that\" AND (\"use\" OR \"operators\")")]
    [InlineData("-the diffusion", "\"diffusion\"")]
    public void Parse_ExcludingAFunctionWord_IsIgnored(string input, string expected)
    {
        var query = Parse(input);

        Assert.Equal(expected, query.MatchExpression);
        Assert.Null(query.ExclusionExpression);
    }

    [Fact]
    public void Parse_QuoteInsideTerm_IsDoubled()
    {
        var term = new SearchTerm("say \"hi\"");

        Assert.Equal("\"say \"\"hi\"\"\"", term.ToFts());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("\"\"")]
    [InlineData("*")]
    [InlineData("AND")]
    [InlineData("OR")]
    [InlineData("-")]
    [InlineData("- - -")]
    [InlineData("😀🔥")]
    [InlineData("!!! ??? ...")]
    [InlineData("\u0001\u0002")]
    public void Parse_NothingSearchable_GivesAMessage(string input)
    {
        var result = SearchQuery.Parse(input, Clock);

        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Parse_OnlyExclusions_ExplainsWhy()
    {
        var result = SearchQuery.Parse("-diffusion -gan", Clock);

        Assert.False(result.Success);
        Assert.Contains("-word", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("since:yesterday")]
    [InlineData("before:2025-13-01")]
    [InlineData("cat:cs.CV;DROP")]
    public void Parse_BadFilterValue_GivesAMessageNamingTheFilter(string input)
    {
        var result = SearchQuery.Parse(input, Clock);

        Assert.False(result.Success);
        Assert.Contains(input[..input.IndexOf(':', StringComparison.Ordinal)], result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HugeInput_CapsTheNumberOfTerms()
    {
        var input = string.Join(' ', Enumerable.Range(0, 2000).Select(i => $"w{i}"));

        var query = Parse(input);

        Assert.Equal(SearchQuery.MaxTerms, query.PositiveTerms.Count());
        Assert.True(query.Truncated);
    }

    [Fact]
    public void Parse_VeryLongWord_IsCut()
    {
        var query = Parse(new string('x', 5000));

        Assert.Equal(SearchQuery.MaxTermLength, query.PositiveTerms.Single().Text.Length);
    }
}
