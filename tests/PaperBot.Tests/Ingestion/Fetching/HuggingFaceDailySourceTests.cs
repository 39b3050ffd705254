using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Ingestion;
using PaperBot.Ingestion.Fetching;

namespace PaperBot.Tests.Ingestion.Fetching;

public sealed class HuggingFaceDailySourceTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2025, 6, 5, 12, 0, 0, TimeSpan.Zero));

    private static HuggingFaceDailySource Source(FixtureHttpServer server, HttpClient http, int pageSize = 2) =>
        new(http, Options.Create(new IngestionOptions
        {
            HuggingFaceBaseUrl = server.BaseUrl,
            HuggingFace = new HuggingFaceSourceOptions { PageSize = pageSize, MaxPages = 10 },
        }), Time);

    [Fact]
    public async Task FetchAsync_SeveralPages_ReadsUntilAShortPage()
    {
        string[][] pages = [["2506.00001", "2506.00002"], ["2506.00003", "2506.00004"], ["2506.00005"]];
        await using var server = new FixtureHttpServer(request =>
        {
            var page = SourceFixtures.QueryInt(request.Url!, "p");
            return page < pages.Length
                ? FixtureResponse.Json(SourceFixtures.HfDaily([.. pages[page].Select(id => (id, $"Paper {id}", 3))]))
                : FixtureResponse.Json("[]");
        });
        using var http = new HttpClient();

        var fetch = await Source(server, http).FetchAsync(new DateOnly(2025, 6, 5), CancellationToken.None);

        Assert.Equal(["2506.00001", "2506.00002", "2506.00003", "2506.00004", "2506.00005"], fetch.Papers.Select(p => p.Id).Order());
        Assert.Equal(3, fetch.Requests);
        var requests = server.RequestsTo("/api/daily_papers");
        Assert.Equal([0, 1, 2], requests.Select(u => SourceFixtures.QueryInt(u, "p")));
        Assert.All(requests, u => Assert.Equal("2025-06-05", SourceFixtures.Query(u, "date")));
        Assert.All(requests, u => Assert.Equal(2, SourceFixtures.QueryInt(u, "limit")));
        Assert.All(fetch.Papers, p => Assert.Equal(3, p.Upvotes));
    }

    [Fact]
    public async Task FetchAsync_NoDateGiven_ReadsTodayAndYesterdayUtc()
    {
        await using var server = new FixtureHttpServer(request =>
            SourceFixtures.Query(request.Url!, "date") == "2025-06-04"
                ? FixtureResponse.Json(SourceFixtures.HfDaily(("2506.00009", "Yesterday's paper", 10)))
                : FixtureResponse.Json("[]"));
        using var http = new HttpClient();

        var fetch = await Source(server, http).FetchAsync(null, CancellationToken.None);

        Assert.Equal(["2506.00009"], fetch.Papers.Select(p => p.Id));
        Assert.Equal(["2025-06-05", "2025-06-04"], server.RequestsTo("/api/daily_papers").Select(u => SourceFixtures.Query(u, "date")));
    }

    [Fact]
    public async Task FetchAsync_EmptyDay_ReturnsNothingWithoutError()
    {
        await using var server = new FixtureHttpServer(_ => FixtureResponse.Json("[]"));
        using var http = new HttpClient();

        var fetch = await Source(server, http).FetchAsync(new DateOnly(2025, 6, 7), CancellationToken.None);

        Assert.Empty(fetch.Papers);
        Assert.Equal(1, fetch.Requests);
    }

    [Fact]
    public async Task FetchAsync_ServerIgnoresPageParameter_StopsInsteadOfLooping()
    {
        await using var server = new FixtureHttpServer(_ => FixtureResponse.Json(SourceFixtures.HfDaily(("2506.00001", "A", 1), ("2506.00002", "B", 1))));
        using var http = new HttpClient();

        var fetch = await Source(server, http).FetchAsync(new DateOnly(2025, 6, 5), CancellationToken.None);

        Assert.Equal(2, fetch.Papers.Count);
        Assert.Equal(2, fetch.Requests);
    }

    [Fact]
    public async Task FetchAsync_NotJson_ThrowsPaperSourceException()
    {
        await using var server = new FixtureHttpServer(_ => new FixtureResponse(200, "text/html", "<html>maintenance</html>"));
        using var http = new HttpClient();

        await Assert.ThrowsAsync<PaperSourceException>(() => Source(server, http).FetchAsync(new DateOnly(2025, 6, 5), CancellationToken.None));
    }
}
