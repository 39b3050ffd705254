using System.Net.WebSockets;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// One WebSocket connection to the gateway: whole-message reads, serialized and rate-limited sends, and a close
/// that never hangs on a dead peer.
/// </summary>
internal sealed class GatewaySocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly GatewayMessageReader _reader;
    private readonly DiscordGatewayOptions _options;
    private readonly TimeProvider _timeProvider;
    private int _closing;

    public GatewaySocket(DiscordGatewayOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _reader = new GatewayMessageReader(options.MaxMessageBytes);
        Limiter = new GatewaySendLimiter(options.MaxSendsPerWindow, options.SendWindow, reservedForHeartbeats: 3, timeProvider);
    }

    public GatewaySendLimiter Limiter { get; }

    /// <summary>The code in the peer's close frame, when there was one.</summary>
    public int? CloseStatus => (int?)_socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken) => _socket.ConnectAsync(uri, cancellationToken);

    /// <inheritdoc cref="GatewayMessageReader.ReadAsync"/>
    public ValueTask<ReadOnlyMemory<byte>?> ReadAsync(CancellationToken cancellationToken) =>
        _reader.ReadAsync(_socket, cancellationToken);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, bool isHeartbeat, CancellationToken cancellationToken)
    {
        if (isHeartbeat)
        {
            Limiter.RecordHeartbeat();
        }
        else
        {
            await Limiter.AcquireAsync(cancellationToken).ConfigureAwait(false);
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Sends our close frame, then aborts. Waiting for the peer's answer is not worth it: on a zombied connection
    /// it never comes, and the code in our frame is what decides whether Discord keeps the session.
    /// </summary>
    public async Task CloseAsync(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _timeProvider);
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The peer is gone already; aborting below is all that is left to do.
        }
        finally
        {
            _socket.Abort();
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _reader.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
