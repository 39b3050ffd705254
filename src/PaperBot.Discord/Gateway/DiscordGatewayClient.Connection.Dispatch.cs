using System.Net.WebSockets;
using System.Text.Json;

namespace PaperBot.Discord.Gateway;

public sealed partial class DiscordGatewayClient
{
    /// <summary>Dispatch bookkeeping and heartbeats of one connection.</summary>
    private sealed partial class GatewayConnection
    {
        private void HandleDispatch(JsonElement root, JsonElement data)
        {
            var name = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : null;
            long? sequence = root.TryGetProperty("s", out var s) && s.TryGetInt64(out var seq) ? seq : null;
            if (sequence is { } current)
            {
                var last = client.LastSequence;
                if (last != 0 && current <= last)
                {
                    // A resume replays from our last sequence; anything at or below it was already delivered.
                    client.Counters.DuplicateSkipped();
                    Log.DuplicateSkipped(client._logger, name, current, last);
                    return;
                }

                Interlocked.Exchange(ref client._sequence, current);
            }

            if (name is null)
            {
                Log.UnreadableMessage(client._logger, "dispatch without an event name");
                return;
            }

            GatewayEvent gatewayEvent;
            try
            {
                gatewayEvent = GatewayDispatchParser.Parse(name, data, sequence);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or OverflowException)
            {
                client.Counters.PayloadSkipped();
                Log.PayloadSkipped(client._logger, name, sequence, ex.Message);
                return;
            }

            switch (gatewayEvent)
            {
                case ReadyEvent ready:
                    _reachedSession = true;
                    Volatile.Write(ref client._inSession, 1);
                    client.OnReady(ready, GatewayDispatchParser.ResumeUrl(data));
                    break;
                case ResumedEvent:
                    _reachedSession = true;
                    Volatile.Write(ref client._inSession, 1);
                    Log.Resumed(client._logger, client.LastSequence);
                    break;
            }

            events.TryWrite(gatewayEvent);
        }

        private async Task HeartbeatLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(GatewayBackoff.FirstHeartbeatDelay(interval, client.NextJitter()), client._timeProvider, cancellationToken).ConfigureAwait(false);
                while (true)
                {
                    if (Volatile.Read(ref _awaitingAck) == 1)
                    {
                        Log.Zombie(client._logger, interval.TotalMilliseconds);
                        await EndAsync(new ConnectionEnd(ConnectionEndKind.Resume, null, false, "no heartbeat ACK (zombied connection)"), ClientCloseCode).ConfigureAwait(false);
                        return;
                    }

                    await SendHeartbeatAsync(cancellationToken).ConfigureAwait(false);
                    await Task.Delay(interval, client._timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
            {
                // The connection is ending; the receive loop reports why.
            }
        }

        private async ValueTask SendHeartbeatAsync(CancellationToken cancellationToken)
        {
            var sequence = client.LastSequence;
            Volatile.Write(ref _awaitingAck, 1);
            await _socket.SendAsync(GatewayPayloads.Heartbeat(sequence == 0 ? null : sequence), isHeartbeat: true, cancellationToken).ConfigureAwait(false);
            client.Counters.HeartbeatSent();
            Log.HeartbeatSent(client._logger, sequence);
        }
    }
}
