using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Ingestion;
using PaperBot.Ingestion.Fetching;

namespace PaperBot.Tests.Ingestion.Fetching;

public sealed class ArxivListingSourceTests
{
    private static ArxivListingSource Source(FixtureHttpServer server, HttpClient http, FakeTimeProvider time, int pageSize = 2)
    {
        var options = new IngestionOptions
        {
            ArxivApiBaseUrl = server.BaseUrl,
            Arxiv = new ArxivSourceOptions { PageSize = pageSize, MaxResults = 100, LookbackDays = 1 },
        };
        options.ArxivCategories.Add("cs.CL");
        options.ArxivCategories.Add("cs.LG");
        return new ArxivListingSource(http, Options.Create(options), time);
    }

    [Fact]
    public async Task FetchAsync_Latest_PagesBackUntilOlderThanLookback()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 5, 20, 0, 0, TimeSpan.Zero));
        (string, string, string, string[])[] all =
        [
            ("2506.00005", "New in CL", "2025-06-05T10:00:00Z", ["cs.CL"]),
            ("2506.00004", "Cross-listed from AI", "2025-06-05T09:00:00Z", ["cs.AI", "cs.LG"]),
            ("2506.00003", "Yesterday", "2025-06-04T09:00:00Z", ["cs.LG"]),
            ("2506.00002", "Too old", "2025-06-02T09:00:00Z", ["cs.CL"]),
            ("2506.00001", "Never requested", "2025-06-01T09:00:00Z", ["cs.CL"]),
        ];
        await using var server = new FixtureHttpServer(request =>
        {
            var start = SourceFixtures.QueryInt(request.Url!, "start");
            var max = SourceFixtures.QueryInt(request.Url!, "max_results");
            return FixtureResponse.Atom(SourceFixtures.ArxivFeed([.. all.Skip(start).Take(max)]));
        });
        using var http = new HttpClient();

        var fetch = await Source(server, http, time).FetchAsync(null, CancellationToken.None);

        Assert.Equal(["2506.00003", "2506.00004", "2506.00005"], fetch.Papers.Select(p => p.Id).Order());
        Assert.Equal(["cs.AI", "cs.LG"], fetch.Papers.Single(p => p.Id == "2506.00004").Categories);
        var requests = server.RequestsTo("/api/query");
        Assert.Equal([0, 2], requests.Select(u => SourceFixtures.QueryInt(u, "start")));
        Assert.All(requests, u => Assert.Equal("cat:cs.CL OR cat:cs.LG", SourceFixtures.Query(u, "search_query")));
        Assert.All(requests, u => Assert.Equal("submittedDate", SourceFixtures.Query(u, "sortBy")));
        Assert.All(requests, u => Assert.Equal("descending", SourceFixtures.Query(u, "sortOrder")));
    }

    [Fact]
    public async Task FetchAsync_WithDate_QueriesThatSubmissionDay()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 5, 20, 0, 0, TimeSpan.Zero));
        await using var server = new FixtureHttpServer(_ => FixtureResponse.Atom(SourceFixtures.ArxivFeed(("2505.10001", "Old day", "2025-05-14T09:00:00Z", ["cs.CL"]))));
        using var http = new HttpClient();

        var fetch = await Source(server, http, time).FetchAsync(new DateOnly(2025, 5, 14), CancellationToken.None);

        Assert.Equal(["2505.10001"], fetch.Papers.Select(p => p.Id));
        Assert.Equal(
            "(cat:cs.CL OR cat:cs.LG) AND submittedDate:[202505140000 TO 202505142359]",
            SourceFixtures.Query(server.RequestsTo("/api/query").Single(), "search_query"));
    }

    [Fact]
    public async Task FetchAsync_WeekendEmptyFeed_ReturnsNothingWithoutError()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 8, 20, 0, 0, TimeSpan.Zero));
        await using var server = new FixtureHttpServer(_ => FixtureResponse.Atom(SourceFixtures.ArxivFeed()));
        using var http = new HttpClient();

        var fetch = await Source(server, http, time).FetchAsync(null, CancellationToken.None);

        Assert.Empty(fetch.Papers);
        Assert.Equal(1, fetch.Requests);
    }

    [Fact]
    public async Task WaitTurnAsync_SecondRequestWithinInterval_WaitsForTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 5, 20, 0, 0, TimeSpan.Zero));
        using var gate = new ArxivRequestGate(Options.Create(new IngestionOptions()), time);

        await gate.WaitTurnAsync(CancellationToken.None);
        var second = gate.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        // The slot is taken from the moment the second request went: a third waits three more seconds.
        var third = gate.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await third.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
