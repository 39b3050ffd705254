using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Gateway;

/// <summary>A gateway session: outlives its connections so a client can RESUME and get every dispatch it missed.</summary>
internal sealed class GatewaySession(string id, int intents, int shardId, int shardCount)
{
    private readonly List<(int Seq, string Type, JsonNode Data)> _history = [];
    private int _seq;

    public string Id { get; } = id;
    public int Intents { get; } = intents;
    public int ShardId { get; } = shardId;
    public int ShardCount { get; } = shardCount;

    /// <summary>Held while assigning a sequence number and sending, so dispatches leave in sequence order and a resume replay is never interleaved.</summary>
    public SemaphoreSlim SendOrder { get; } = new(1, 1);

    public GatewayConnection? Connection { get; set; }
    public bool Invalid { get; set; }
    public int Seq => Volatile.Read(ref _seq);

    public bool Live => !Invalid && Connection is { Live: true };

    public bool WantsGuild(ulong? guildId) =>
        guildId is null or 0 ? ShardId == 0 : (int)((guildId.Value >> 22) % (ulong)ShardCount) == ShardId;

    /// <summary>Caller holds <see cref="SendOrder"/>.</summary>
    public JsonObject NextDispatch(string type, JsonNode data)
    {
        var seq = ++_seq;
        _history.Add((seq, type, data.DeepClone()));
        return Frame(seq, type, data.DeepClone());
    }

    /// <summary>Caller holds <see cref="SendOrder"/>.</summary>
    public IEnumerable<JsonObject> After(int seq) =>
        _history.Where(h => h.Seq > seq).Select(h => Frame(h.Seq, h.Type, h.Data.DeepClone())).ToList();

    private static JsonObject Frame(int seq, string type, JsonNode data) =>
        new() { ["op"] = 0, ["d"] = data, ["s"] = seq, ["t"] = type };
}
