using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace PaperBot.Discord.Tests.Rest.Support;

/// <summary>A hand-written HttpMessageHandler: records every request and answers from a script.</summary>
public sealed class ScriptedHandler(Func<RecordedHttpRequest, int, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedHttpRequest> _requests = new();
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    public ScriptedHandler(Func<RecordedHttpRequest, int, HttpResponseMessage> respond)
        : this((r, i) => Task.FromResult(respond(r, i)))
    {
    }

    public IReadOnlyList<RecordedHttpRequest> Requests => [.. _requests];

    public int Count => Volatile.Read(ref _count);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedHttpRequest(
            request.Method.Method,
            request.RequestUri!,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(h.Key == "User-Agent" ? " " : ",", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ContentType?.MediaType,
            body,
            cancellationToken);
        _requests.Enqueue(recorded);
        var index = Interlocked.Increment(ref _count) - 1;
        var inFlight = Interlocked.Increment(ref _inFlight);
        int seen;
        while ((seen = Volatile.Read(ref _maxInFlight)) < inFlight && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
        {
        }

        try
        {
            return await respond(recorded, index);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public static HttpResponseMessage Json(int status, string json, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage NoContent() => new(HttpStatusCode.NoContent);

    public static HttpResponseMessage MessageJson(ulong channelId = 1, params (string Name, string Value)[] headers)
        => Json(200, $$$"""{"id":"900","channel_id":"{{{channelId}}}","content":"ok","author":{"id":"5","username":"PaperBot","bot":true}}""", headers);
}

public sealed record RecordedHttpRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, string Body, CancellationToken Aborted)
{
    public string Path => Uri.AbsolutePath;
}
