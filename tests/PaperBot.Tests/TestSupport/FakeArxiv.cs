using System.Collections.Concurrent;
using PaperBot.Tests.Ingestion.Fetching;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// The arXiv API's <c>/api/query?id_list=</c> on loopback, answering in arXiv's Atom format: the papers it
/// was told about, and for any other id a feed without that entry, as arXiv answers an id it does not know.
/// </summary>
public sealed class FakeArxiv : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly FixtureHttpServer _server;

    public FakeArxiv()
    {
        _server = new FixtureHttpServer(request =>
        {
            var ids = (SourceFixtures.Query(request.Url!, "id_list") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var known = ids.Where(_titles.ContainsKey).Select(id => (id, _titles[id], "2024-02-02T10:00:00Z", new[] { "cs.CL" })).ToArray();
            return FixtureResponse.Atom(SourceFixtures.ArxivFeed(known));
        });
    }

    public Uri BaseUrl => _server.BaseUrl;

    /// <summary>Every id_list request, in order.</summary>
    public IReadOnlyList<Uri> Requests => _server.RequestsTo("/api/query");

    public void Add(string id, string title) => _titles[id] = title;

    /// <summary>Harness settings that send on-demand fetches here, quickly (no 3 s spacing between tests' requests).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Ingestion:ArxivApiBaseUrl"] = BaseUrl.AbsoluteUri,
        ["Ingestion:Arxiv:OnDemand"] = "true",
        ["Ingestion:Arxiv:MinRequestInterval"] = "00:00:00.010",
        ["Ingestion:RetryBaseDelay"] = "00:00:00.010",
    };

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
