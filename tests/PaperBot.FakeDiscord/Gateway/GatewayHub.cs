using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord.Gateway;

/// <summary>Sessions and connections of the fake gateway: IDENTIFY, RESUME with replay, dispatch routing by shard and intents, injected faults.</summary>
internal sealed partial class GatewayHub(FakeDiscordServer server)
{
    private const int GuildsIntent = 1 << 0;
    private const int MessageContentIntent = 1 << 15;
    private const int PrivilegedIntents = (1 << 1) | (1 << 8) | (1 << 15);
    private const int AllKnownIntents = (1 << 26) - 1;

    private static readonly HashSet<int> SessionEndingCloseCodes = [4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014];

    private readonly Lock _gate = new();
    private readonly List<GatewaySession> _sessions = [];
    private readonly List<GatewayConnection> _connections = [];
    private readonly List<int?> _clientCloseCodes = [];
    private readonly List<Uri> _connectionUrls = [];
    private readonly SessionStartLimits _limits = new(server.Options);
    private TaskCompletionSource? _hold;
    private volatile bool _acknowledgeHeartbeats = true;

    public bool AcknowledgeHeartbeats
    {
        get => _acknowledgeHeartbeats;
        set => _acknowledgeHeartbeats = value;
    }

    /// <summary>The close code of each close handshake a client started, in order (null: closed without a code).</summary>
    public IReadOnlyList<int?> ClientCloseCodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _clientCloseCodes];
            }
        }
    }

    public SessionStartLimits Limits => _limits;

    /// <summary>The URL (path and query) of every websocket connection, in order.</summary>
    public IReadOnlyList<Uri> ConnectionUrls
    {
        get
        {
            lock (_gate)
            {
                return [.. _connectionUrls];
            }
        }
    }

    private FakeDiscordOptions Options => server.Options;
    private FakeState State => server.State;

    public bool AnyLiveSession
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Exists(s => s.Live);
            }
        }
    }

    public IReadOnlyList<int> LiveShards
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessions.Where(s => s.Live).Select(s => s.ShardId).Order()];
            }
        }
    }

    /// <summary>New connections wait before their upgrade until the returned handle is disposed.</summary>
    public IDisposable HoldNewConnections()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _hold = hold;
        }

        return new Release(() =>
        {
            lock (_gate)
            {
                if (ReferenceEquals(_hold, hold))
                {
                    _hold = null;
                }
            }

            hold.TrySetResult();
        });
    }

    public async Task AcceptAsync(HttpContext http, CancellationToken ct)
    {
        Task? held;
        lock (_gate)
        {
            held = _hold?.Task;
        }

        if (held is not null)
        {
            await held.WaitAsync(ct);
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = new GatewayConnection(this, socket, http, Options);
        var url = new Uri(server.BaseUrl, http.Request.Path.Value + http.Request.QueryString.Value);
        lock (_gate)
        {
            _connections.Add(connection);
            _connectionUrls.Add(new UriBuilder(url) { Scheme = "ws" }.Uri);
        }

        lock (State.Gate)
        {
            State.Connections++;
        }

        server.NotifyChanged();
        try
        {
            await connection.RunAsync(ct);
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }

            server.NotifyChanged();
        }
    }

    public void Record(JsonObject frame)
    {
        lock (State.Gate)
        {
            State.GatewayPayloads.Add((JsonObject)frame.DeepClone());
        }
    }

    public void OnHeartbeat()
    {
        lock (State.Gate)
        {
            State.Heartbeats++;
        }

        server.NotifyChanged();
    }

    public async Task IdentifyAsync(GatewayConnection connection, JsonObject? data, CancellationToken ct)
    {
        if (connection.Session is not null)
        {
            await connection.CloseAsync(4005, "Already authenticated.", ct);
            return;
        }

        if (!TokenMatches(data?["token"]))
        {
            await connection.CloseAsync(4004, "Authentication failed.", ct);
            return;
        }

        if (!TryInt(data!["intents"], out var intents) || intents < 0 || (intents & ~AllKnownIntents) != 0)
        {
            await connection.CloseAsync(4013, "Invalid intent(s).", ct);
            return;
        }

        if ((intents & PrivilegedIntents & ~Options.AllowedPrivilegedIntents) != 0)
        {
            await connection.CloseAsync(4014, "Disallowed intent(s).", ct);
            return;
        }

        var (shardId, shardCount) = (0, 1);
        if (data["shard"] is JsonArray shard)
        {
            if (shard.Count != 2 || !TryInt(shard[0], out shardId) || !TryInt(shard[1], out shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount)
            {
                await connection.CloseAsync(4010, "Invalid shard.", ct);
                return;
            }
        }

        if (GuildsOnShard(shardId, shardCount) > Options.MaxGuildsPerShard)
        {
            // Docs (Gateway close event codes): "The session would have handled too many guilds - you are required to shard your connection in order to connect."
            await connection.CloseAsync(4011, "Sharding required.", ct);
            return;
        }

        switch (_limits.TryIdentify(shardId))
        {
            case IdentifyVerdict.TooSoon:
                // Docs: exceeding max_concurrency is answered with op 9 Invalid Session.
                await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false }, ct);
                return;
            case IdentifyVerdict.BudgetExhausted:
                // Docs: on hitting the daily limit all sessions are terminated and the token is reset.
                await CloseAllAsync(4004, "Authentication failed.", ct);
                await connection.CloseAsync(4004, "Authentication failed.", ct);
                return;
        }

        var session = new GatewaySession(Guid.NewGuid().ToString("N"), intents, shardId, shardCount);
        lock (_gate)
        {
            // A client that identifies afresh has given up its old sessions for this shard; they would only hoard events.
            foreach (var old in _sessions.Where(s => s.ShardId == shardId && s.ShardCount == shardCount && s.Connection is null))
            {
                old.Invalid = true;
            }

            _sessions.RemoveAll(s => s.Invalid);
            _sessions.Add(session);
        }

        await session.SendOrder.WaitAsync(ct);
        try
        {
            connection.Session = session;
            session.Connection = connection;
            var (ready, guilds) = server.BuildReady(session, shardId, shardCount, data["shard"] is not null);
            await connection.SendAsync(session.NextDispatch("READY", ready), ct);
            foreach (var guild in guilds)
            {
                await connection.SendAsync(session.NextDispatch("GUILD_CREATE", guild), ct);
            }

            connection.ReadySent = true;
        }
        finally
        {
            session.SendOrder.Release();
        }

        lock (State.Gate)
        {
            State.Identifies++;
        }

        server.NotifyChanged();
    }

    public async Task ResumeAsync(GatewayConnection connection, JsonObject? data, CancellationToken ct)
    {
        if (connection.Session is not null)
        {
            await connection.CloseAsync(4005, "Already authenticated.", ct);
            return;
        }

        if (!TokenMatches(data?["token"]))
        {
            await connection.CloseAsync(4004, "Authentication failed.", ct);
            return;
        }

        var sessionId = data!["session_id"]?.ToString();
        GatewaySession? session;
        lock (_gate)
        {
            session = _sessions.Find(s => s.Id == sessionId && !s.Invalid);
        }

        if (session is null)
        {
            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false }, ct);
            return;
        }

        // Docs: resume on the session's resume_gateway_url with the last sequence received; the fake refuses
        // anything else, so a client that resumes elsewhere or without seq re-identifies and a test sees it.
        if (!connection.OnResumeUrl || !TryInt(data["seq"], out var seq) || seq < 0)
        {
            session.Invalid = true;
            lock (State.Gate)
            {
                State.RefusedResumes++;
            }

            await connection.SendAsync(new JsonObject { ["op"] = 9, ["d"] = false }, ct);
            return;
        }

        if (seq > session.Seq)
        {
            await connection.CloseAsync(4007, "Invalid seq.", ct);
            return;
        }

        await session.SendOrder.WaitAsync(ct);
        try
        {
            if (session.Connection is { } previous && previous != connection)
            {
                previous.Abort();
            }

            connection.Session = session;
            session.Connection = connection;
            foreach (var frame in session.After(seq))
            {
                await connection.SendAsync(frame, ct);
            }

            await connection.SendAsync(session.NextDispatch("RESUMED", new JsonObject()), ct);
            connection.ReadySent = true;
        }
        finally
        {
            session.SendOrder.Release();
        }

        lock (State.Gate)
        {
            State.Resumes++;
        }

        server.NotifyChanged();
    }

    private int GuildsOnShard(int shardId, int shardCount)
    {
        lock (State.Gate)
        {
            return State.Guilds.Count(g => (int)((g.Id >> 22) % (ulong)shardCount) == shardId);
        }
    }

    private bool TokenMatches(JsonNode? token)
    {
        var value = token is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (value is not null && value.StartsWith("Bot ", StringComparison.Ordinal))
        {
            value = value[4..];
        }

        return value == Options.BotToken;
    }

    private static bool TryInt(JsonNode? node, out int value)
    {
        value = 0;
        return node is JsonValue v && v.TryGetValue(out value);
    }

    private static int RequiredIntent(string type, ulong? guildId)
    {
        var dm = guildId is null or 0;
        return type switch
        {
            "GUILD_CREATE" or "GUILD_UPDATE" or "GUILD_DELETE" or "CHANNEL_CREATE" or "CHANNEL_UPDATE" or "CHANNEL_DELETE" => GuildsIntent,
            "MESSAGE_CREATE" or "MESSAGE_UPDATE" or "MESSAGE_DELETE" or "MESSAGE_DELETE_BULK" => dm ? 1 << 12 : 1 << 9,
            "MESSAGE_REACTION_ADD" or "MESSAGE_REACTION_REMOVE" or "MESSAGE_REACTION_REMOVE_ALL" or "MESSAGE_REACTION_REMOVE_EMOJI" => dm ? 1 << 13 : 1 << 10,
            "TYPING_START" => dm ? 1 << 14 : 1 << 11,
            _ => 0,
        };
    }
}

internal sealed class Release(Action release) : IDisposable
{
    private int _done;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            release();
        }
    }
}
