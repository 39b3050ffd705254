using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PaperBot.FakeDiscord.Gateway;

/// <summary>One websocket: HELLO, heartbeat watchdog, the client's send rate, and op routing to the hub.</summary>
internal sealed class GatewayConnection(GatewayHub hub, WebSocket socket, HttpContext http, FakeDiscordOptions options)
{
    /// <summary>Discord closes with 4002 when a client payload is larger than this.</summary>
    private const int MaxClientPayloadBytes = 4096;

    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private ITimer? _watchdog;
    private int _closed;

    public GatewaySession? Session { get; set; }
    public bool ReadySent { get; set; }
    public bool Closed => Volatile.Read(ref _closed) != 0;
    public bool Live => !Closed && ReadySent && Session is not null;
    public int? ClientCloseCode { get; private set; }

    /// <summary>True when the client connected to the resume_gateway_url READY gave it, not the gateway URL.</summary>
    public bool OnResumeUrl => http.Request.Path.Value == FakeDiscordServer.ResumeGatewayPath;

    private TimeSpan HeartbeatTimeout => options.HeartbeatTimeout ?? options.HeartbeatInterval * 1.5;

    public async Task RunAsync(CancellationToken ct)
    {
        await SendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = (long)options.HeartbeatInterval.TotalMilliseconds } }, ct);
        // The client must ask for the version and encoding it speaks: v=10&encoding=json.
        if (http.Request.Query["v"].ToString() != "10")
        {
            await CloseAsync(4012, "Invalid API version", ct);
        }
        else if (http.Request.Query["encoding"].ToString() != "json")
        {
            await CloseAsync(4002, "Error while decoding payload.", ct);
        }

        _watchdog = options.TimeProvider.CreateTimer(_ => _ = OnHeartbeatTimeoutAsync(), null, HeartbeatTimeout, Timeout.InfiniteTimeSpan);
        try
        {
            await ReceiveLoopAsync(ct);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The client vanished or the fake aborted the socket: the session stays resumable.
        }
        finally
        {
            Interlocked.Exchange(ref _closed, 1);
            _watchdog.Dispose();
            hub.Detach(this);
        }
    }

    public async Task<bool> SendAsync(JsonObject frame, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(frame.ToJsonString(Rest.HttpJson.Relaxed));
        await _send.WaitAsync(ct);
        try
        {
            if (Closed)
            {
                return false;
            }

            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _send.Release();
        }
    }

    /// <summary>Sends a close frame and lets the receive loop wait for the client's answer, so the close code is not lost to a TCP reset.</summary>
    public async Task CloseAsync(int code, string reason, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
            {
                return;
            }

            hub.Detach(this);
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, ct);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException)
        {
            Abort();
        }
        finally
        {
            _send.Release();
        }

        _ = AbortLaterAsync();
    }

    public void Abort()
    {
        Interlocked.Exchange(ref _closed, 1);
        hub.Detach(this);
        AbortTransport();
    }

    private async Task AbortLaterAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        if (socket.State != WebSocketState.Closed)
        {
            AbortTransport();
        }
    }

    private void AbortTransport()
    {
        socket.Abort();
        try
        {
            http.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended (the client went away first): nothing is left to abort.
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[MaxClientPayloadBytes];
        while (!ct.IsCancellationRequested)
        {
            var length = 0;
            var tooLarge = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    tooLarge = true;
                    length = 0;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseCode = (int?)socket.CloseStatus;
                    var clientStarted = Interlocked.Exchange(ref _closed, 1) == 0;
                    hub.OnClientClosed(this, ClientCloseCode, clientStarted);
                    if (clientStarted)
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", ct);
                    }

                    return;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (Closed)
            {
                continue;
            }

            if (tooLarge || result.MessageType != WebSocketMessageType.Text)
            {
                await CloseAsync(4002, tooLarge ? "Payload too large." : "Error while decoding payload.", ct);
                continue;
            }

            await HandleAsync(buffer.AsSpan(0, length).ToArray(), ct);
        }
    }

    private async Task HandleAsync(byte[] payload, CancellationToken ct)
    {
        JsonObject frame;
        try
        {
            frame = JsonNode.Parse(payload) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await CloseAsync(4002, "Error while decoding payload.", ct);
            return;
        }

        hub.Record(frame);
        if (OverSendRate())
        {
            await CloseAsync(4008, "Rate limited.", ct);
            return;
        }

        int op;
        try
        {
            op = frame["op"]?.GetValue<int>() ?? -1;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            await CloseAsync(4002, "Error while decoding payload.", ct);
            return;
        }

        var data = frame["d"];
        switch (op)
        {
            case 1:
                _watchdog?.Change(HeartbeatTimeout, Timeout.InfiniteTimeSpan);
                hub.OnHeartbeat();
                if (hub.AcknowledgeHeartbeats)
                {
                    await SendAsync(new JsonObject { ["op"] = 11 }, ct);
                }

                break;
            case 2:
                await hub.IdentifyAsync(this, data as JsonObject, ct);
                break;
            case 6:
                await hub.ResumeAsync(this, data as JsonObject, ct);
                break;
            case 3 or 4 or 8 or 31:
                if (Session is null)
                {
                    await CloseAsync(4003, "Not authenticated.", ct);
                }

                break;
            default:
                await CloseAsync(4001, "Unknown opcode.", ct);
                break;
        }
    }

    private bool OverSendRate()
    {
        var now = options.TimeProvider.GetUtcNow();
        while (_recentSends.Count > 0 && now - _recentSends.Peek() >= options.GatewaySendWindow)
        {
            _recentSends.Dequeue();
        }

        _recentSends.Enqueue(now);
        return _recentSends.Count > options.GatewaySendLimit;
    }

    private async Task OnHeartbeatTimeoutAsync()
    {
        if (Closed)
        {
            return;
        }

        if (options.HeartbeatTimeoutCloseCode is { } code)
        {
            hub.InvalidateSessionOf(this);
            await CloseAsync(code, "Session timed out.", CancellationToken.None);
        }
        else
        {
            Abort();
        }
    }
}
