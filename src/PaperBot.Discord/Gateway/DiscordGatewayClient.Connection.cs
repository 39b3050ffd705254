using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;

namespace PaperBot.Discord.Gateway;

public sealed partial class DiscordGatewayClient
{
    /// <summary>The life of one WebSocket: HELLO, IDENTIFY or RESUME, heartbeats, dispatches, and how it ended.</summary>
    private sealed partial class GatewayConnection(DiscordGatewayClient client, string token, ChannelWriter<GatewayEvent> events, bool resume)
    {
        private const int ClientCloseCode = 4000;

        private readonly CancellationTokenSource _abort = new();
        private GatewaySocket _socket = null!;
        private ConnectionEnd? _end;
        private Task _closing = Task.CompletedTask;
        private Task _heartbeat = Task.CompletedTask;
        private Task _identify = Task.CompletedTask;
        private int _awaitingAck;
        private bool _helloSeen;
        private bool _reachedSession;

        public async Task<ConnectionEnd> RunAsync(Uri uri, CancellationToken cancellationToken)
        {
            await using var socket = new GatewaySocket(client._options, client._timeProvider);
            _socket = socket;
            Log.Connecting(client._logger, uri.Host, uri.Port, resume ? "resume" : "identify");
            await socket.ConnectAsync(uri, cancellationToken).ConfigureAwait(false);
            client.Counters.Connected();

            var shutdown = cancellationToken.Register(
                static state => ((GatewayConnection)state!).BeginEnd(new ConnectionEnd(ConnectionEndKind.Shutdown, 1000, false, "shutdown"), 1000),
                this);
            try
            {
                var end = await ReceiveLoopAsync(cancellationToken).ConfigureAwait(false);
                return end with { ReachedSession = _reachedSession };
            }
            finally
            {
                Volatile.Write(ref client._inSession, 0);
                await shutdown.DisposeAsync().ConfigureAwait(false);
                await _abort.CancelAsync().ConfigureAwait(false);
                await _closing.ConfigureAwait(false);
                await _heartbeat.ConfigureAwait(false);
                await _identify.ConfigureAwait(false);
                _abort.Dispose();
            }
        }

        private async Task<ConnectionEnd> ReceiveLoopAsync(CancellationToken cancellationToken)
        {
            using var helloTimeout = new CancellationTokenSource(client._options.HelloTimeout, client._timeProvider);
            using var helloOrAbort = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token, helloTimeout.Token);
            while (true)
            {
                var helloSeen = _helloSeen;
                ReadOnlyMemory<byte>? message;
                try
                {
                    message = await _socket.ReadAsync(helloSeen ? _abort.Token : helloOrAbort.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or InvalidDataException or ObjectDisposedException)
                {
                    if (Volatile.Read(ref _end) is { } decided)
                    {
                        return decided;
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        return new ConnectionEnd(ConnectionEndKind.Shutdown, null, false, "shutdown");
                    }

                    var reason = helloSeen ? $"socket dropped ({ex.GetType().Name}: {ex.Message})" : "no HELLO in time";
                    Log.Dropped(client._logger, reason);
                    return new ConnectionEnd(ConnectionEndKind.Resume, null, false, reason);
                }

                if (message is null)
                {
                    return Volatile.Read(ref _end) ?? FromCloseCode(_socket.CloseStatus, _socket.CloseStatusDescription);
                }

                if (await HandleMessageAsync(message.Value).ConfigureAwait(false) is { } end)
                {
                    return end;
                }
            }
        }

        private ConnectionEnd FromCloseCode(int? code, string? description)
        {
            Log.Closed(client._logger, code, code is { } c ? GatewayCloseCodes.Describe(c) : "no close code", description);
            var reason = $"close code {code}";
            return GatewayCloseCodes.Classify(code) switch
            {
                GatewayCloseAction.Fatal => new ConnectionEnd(ConnectionEndKind.Fatal, code, false, reason),
                GatewayCloseAction.Reidentify => new ConnectionEnd(ConnectionEndKind.Reidentify, code, false, reason),
                _ => new ConnectionEnd(ConnectionEndKind.Resume, code, false, reason),
            };
        }

        /// <summary>Returns how the connection ends when this message ends it, else null.</summary>
        private async ValueTask<ConnectionEnd?> HandleMessageAsync(ReadOnlyMemory<byte> message)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(message);
            }
            catch (JsonException ex)
            {
                Log.UnreadableMessage(client._logger, ex.Message);
                return null;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("op", out var opElement)
                    || !opElement.TryGetInt32(out var op))
                {
                    Log.UnreadableMessage(client._logger, "no opcode");
                    return null;
                }

                var data = root.TryGetProperty("d", out var d) ? d : default;
                switch ((GatewayOpCode)op)
                {
                    case GatewayOpCode.Dispatch:
                        HandleDispatch(root, data);
                        return null;
                    case GatewayOpCode.Hello:
                        await StartSessionAsync(data).ConfigureAwait(false);
                        return null;
                    case GatewayOpCode.HeartbeatAck:
                        Volatile.Write(ref _awaitingAck, 0);
                        client.Counters.HeartbeatAcked();
                        return null;
                    case GatewayOpCode.Heartbeat:
                        await SendHeartbeatAsync(_abort.Token).ConfigureAwait(false);
                        return null;
                    case GatewayOpCode.Reconnect:
                        Log.ReconnectRequested(client._logger);
                        return await EndAsync(new ConnectionEnd(ConnectionEndKind.Resume, null, false, "reconnect requested (op 7)"), ClientCloseCode).ConfigureAwait(false);
                    case GatewayOpCode.InvalidSession:
                        var resumable = data.ValueKind == JsonValueKind.True;
                        Log.InvalidSession(client._logger, resumable);
                        var kind = resumable ? ConnectionEndKind.Resume : ConnectionEndKind.ReidentifyAfterDelay;
                        return await EndAsync(new ConnectionEnd(kind, null, false, "invalid session (op 9)"), ClientCloseCode).ConfigureAwait(false);
                    default:
                        return null;
                }
            }
        }

        private async ValueTask StartSessionAsync(JsonElement hello)
        {
            if (_helloSeen)
            {
                return;
            }

            _helloSeen = true;

            var intervalMs = hello.ValueKind == JsonValueKind.Object && hello.TryGetProperty("heartbeat_interval", out var value)
                && value.TryGetDouble(out var ms) && ms > 0 ? ms : 41_250;
            var interval = TimeSpan.FromMilliseconds(intervalMs);
            Log.Hello(client._logger, intervalMs);
            _socket.Limiter.ReservedForHeartbeats = Math.Min(
                GatewaySendLimiter.HeartbeatsPerWindow(interval, client._options.SendWindow),
                client._options.MaxSendsPerWindow / 2);
            _heartbeat = HeartbeatLoopAsync(interval, _abort.Token);

            var sessionId = client.SessionId;
            if (resume && sessionId is not null)
            {
                var sequence = client.LastSequence;
                await _socket.SendAsync(GatewayPayloads.Resume(token, sessionId, sequence == 0 ? null : sequence), isHeartbeat: false, _abort.Token).ConfigureAwait(false);
                client.Counters.Resumed();
                Log.Resuming(client._logger, sequence);
            }
            else
            {
                // Waiting for the identify slot may take a while with many shards: the receive loop goes on
                // reading (heartbeat ACKs) meanwhile.
                _identify = IdentifyAsync(_abort.Token);
            }
        }

        private async Task IdentifyAsync(CancellationToken cancellationToken)
        {
            var options = client._discordOptions;
            var shardId = client.ShardId;
            try
            {
                var lease = await client._identifyLimiter.WaitToIdentifyAsync(shardId, cancellationToken).ConfigureAwait(false);
                await using (lease.ConfigureAwait(false))
                {
                    // A fresh session numbers its dispatches from 1 again.
                    Interlocked.Exchange(ref client._sequence, 0);
                    await _socket.SendAsync(GatewayPayloads.Identify(token, options.Intents, shardId, options.ShardCount), isHeartbeat: false, cancellationToken).ConfigureAwait(false);
                }

                client.Counters.Identified();
                Log.Identifying(client._logger, options.Intents, shardId, options.ShardCount);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // The connection ended before its turn came; the receive loop reports why.
            }
        }

        private void BeginEnd(ConnectionEnd end, int closeCode) => _ = EndAsync(end, closeCode);

        /// <summary>The first caller decides how the connection ends; closing then unblocks the receive loop.</summary>
        private async Task<ConnectionEnd> EndAsync(ConnectionEnd end, int closeCode)
        {
            if (Interlocked.CompareExchange(ref _end, end, null) is null)
            {
                if (end.Kind == ConnectionEndKind.Shutdown)
                {
                    Log.ShuttingDown(client._logger);
                }

                _closing = _socket.CloseAsync(closeCode, end.Reason);
                await _closing.ConfigureAwait(false);
            }

            return _end!;
        }
    }
}
