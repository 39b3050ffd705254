using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.FakeDiscord;

/// <summary>Raw HTTP access to the fake, deliberately not our Discord client: these tests pin the fake itself to Discord's docs.</summary>
internal static class FakeRest
{
    public static HttpClient Client(FakeDiscordServer server, string? token = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(server.RestBaseUrl + "/") };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DiscordBot (https://example.invalid/paperbot, 0.1)");
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        return http;
    }

    public static HttpClient BotClient(FakeDiscordServer server) => Client(server, server.BotToken);

    public static async Task<(HttpResponseMessage Response, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}

/// <summary>A bare gateway client over ClientWebSocket: send frames, read frames or the close status.</summary>
internal sealed class RawGateway : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Connects to <paramref name="url"/> (the gateway URL by default) with <paramref name="query"/> appended.</summary>
    public static async Task<RawGateway> ConnectAsync(FakeDiscordServer server, Uri? url = null, string query = "?v=10&encoding=json")
    {
        var gateway = new RawGateway();
        await gateway._socket.ConnectAsync(new Uri((url ?? server.GatewayUrl) + query), CancellationToken.None);
        return gateway;
    }

    public Task SendAsync(JsonObject frame) => SendRawAsync(frame.ToJsonString());

    public Task SendRawAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame, or null when the server closed the socket (see <see cref="CloseStatus"/>).</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(2));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);

        return (JsonObject)JsonNode.Parse(message.ToArray())!;
    }

    /// <summary>Reads frames until one matches (dispatch type or op), failing after the timeout.</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(2));
        while (true)
        {
            var frame = await ReceiveAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException($"gateway closed: {CloseStatus}");
            if (match(frame))
            {
                return frame;
            }
        }
    }

    /// <summary>Reads until the server closes and returns its close code.</summary>
    public async Task<int?> ReadCloseAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(2));
        while (await ReceiveAsync(deadline - DateTime.UtcNow) is not null)
        {
        }

        return (int?)CloseStatus;
    }

    public static JsonObject Identify(string token, int intents = 1 | (1 << 10)) => new()
    {
        ["op"] = 2,
        ["d"] = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "paperbot-tests", ["device"] = "paperbot-tests" },
        },
    };

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The fake may already have dropped the socket.
            }
        }

        _socket.Dispose();
    }
}
