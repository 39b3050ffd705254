using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Gateway;

/// <summary>Dispatch routing, connection bookkeeping and the faults tests inject.</summary>
internal sealed partial class GatewayHub
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<DeliveredDispatch> _delivered = new();

    /// <summary>Every dispatch a live connection was sent, with the shard of the session it went to.</summary>
    public IReadOnlyList<DeliveredDispatch> Delivered => [.. _delivered];

    /// <summary>Sends to every session that wants the event (shard of the guild, intents); disconnected sessions keep it for RESUME.</summary>
    public async Task DispatchAsync(string type, JsonNode data, ulong? guildId, CancellationToken ct)
    {
        var required = RequiredIntent(type, guildId);
        List<GatewaySession> targets;
        lock (_gate)
        {
            targets = _sessions.Where(s => !s.Invalid && s.WantsGuild(guildId) && (required == 0 || (s.Intents & required) != 0)).ToList();
        }

        foreach (var session in targets)
        {
            await session.SendOrder.WaitAsync(ct);
            try
            {
                var frame = session.NextDispatch(type, MessageContentVisible(session, type, data, guildId) ? data : WithoutContent(data));
                if (session.Connection is { Closed: false, ReadySent: true } connection)
                {
                    if (await connection.SendAsync(frame, ct))
                    {
                        _delivered.Enqueue(new DeliveredDispatch(session.ShardId, type, guildId, data["id"]?.ToString(), session.Id));
                    }
                }
            }
            finally
            {
                session.SendOrder.Release();
            }
        }
    }

    /// <summary>
    /// Discord (docs/events/Gateway.md, Message Content Intent): without MESSAGE_CONTENT, a guild message's
    /// content, embeds, attachments, components and poll arrive empty, except the bot's own messages, messages
    /// that mention it, and DMs.
    /// </summary>
    private bool MessageContentVisible(GatewaySession session, string type, JsonNode data, ulong? guildId)
    {
        if (type is not ("MESSAGE_CREATE" or "MESSAGE_UPDATE") || (session.Intents & MessageContentIntent) != 0 || guildId is null or 0)
        {
            return true;
        }

        var bot = server.BotUserId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return data["author"]?["id"]?.ToString() == bot
            || (data["mentions"] as JsonArray)?.Any(m => m?["id"]?.ToString() == bot) == true;
    }

    private static JsonNode WithoutContent(JsonNode data)
    {
        var copy = data.DeepClone().AsObject();
        copy["content"] = "";
        copy["embeds"] = new JsonArray();
        copy["attachments"] = new JsonArray();
        copy["components"] = new JsonArray();
        copy.Remove("poll");
        return copy;
    }

    public void Detach(GatewayConnection connection)
    {
        var session = connection.Session;
        if (session is not null && session.Connection == connection)
        {
            session.Connection = null;
        }

        server.NotifyChanged();
    }

    public void OnClientClosed(GatewayConnection connection, int? code, bool clientStarted)
    {
        if (clientStarted)
        {
            lock (_gate)
            {
                _clientCloseCodes.Add(code);
            }
        }

        // Docs: closing with 1000 or 1001 invalidates the session; any other code keeps it resumable.
        if (code is 1000 or 1001 && connection.Session is { } session)
        {
            session.Invalid = true;
        }
    }

    public void InvalidateSessionOf(GatewayConnection connection)
    {
        if (connection.Session is { } session)
        {
            session.Invalid = true;
        }
    }

    public Task DropAllAsync()
    {
        foreach (var connection in Connections())
        {
            connection.Abort();
        }

        return Task.CompletedTask;
    }

    /// <summary>Aborts the sockets of one shard's sessions only (the others keep going); they stay resumable.</summary>
    public int DropShard(int shardId)
    {
        var dropped = 0;
        foreach (var connection in Connections().Where(c => c.Session?.ShardId == shardId))
        {
            connection.Abort();
            dropped++;
        }

        return dropped;
    }

    public async Task SendToAllAsync(JsonObject frame, CancellationToken ct)
    {
        foreach (var connection in Connections())
        {
            await connection.SendAsync((JsonObject)frame.DeepClone(), ct);
        }
    }

    public async Task InvalidateAllAsync(bool resumable, CancellationToken ct)
    {
        foreach (var connection in Connections())
        {
            if (connection.Session is { } session)
            {
                await session.SendOrder.WaitAsync(ct);
                try
                {
                    session.Invalid |= !resumable;
                    session.Connection = null;
                    connection.Session = null;
                    connection.ReadySent = false;
                }
                finally
                {
                    session.SendOrder.Release();
                }
            }

            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = resumable }, ct);
        }

        server.NotifyChanged();
    }

    public async Task CloseAllAsync(int code, string reason, CancellationToken ct)
    {
        foreach (var connection in Connections())
        {
            if (SessionEndingCloseCodes.Contains(code))
            {
                InvalidateSessionOf(connection);
            }

            await connection.CloseAsync(code, reason, ct);
        }
    }

    private List<GatewayConnection> Connections()
    {
        lock (_gate)
        {
            return _connections.Where(c => !c.Closed).ToList();
        }
    }
}
