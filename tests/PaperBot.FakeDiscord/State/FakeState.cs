using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.State;

/// <summary>All mutable server state behind one lock: the fake favours obvious correctness over throughput.</summary>
internal sealed class FakeState
{
    public Lock Gate { get; } = new();
    public List<GuildState> Guilds { get; } = [];
    public Dictionary<ulong, ChannelState> Channels { get; } = [];
    public Dictionary<ulong, FakeMessage> Messages { get; } = [];
    public List<ulong> MessageOrder { get; } = [];
    /// <summary>Key 0 holds the global commands.</summary>
    public Dictionary<ulong, List<JsonObject>> Commands { get; } = [];
    public Dictionary<ulong, InjectedInteraction> Interactions { get; } = [];
    public List<RecordedRequest> Requests { get; } = [];
    public List<RecordedRejection> Rejections { get; } = [];
    public List<JsonObject> GatewayPayloads { get; } = [];
    public int TooManyRequests { get; set; }
    public int GlobalTooManyRequests { get; set; }
    public int CommandOverwrites { get; set; }
    public int Identifies { get; set; }
    public int Resumes { get; set; }
    public int RefusedResumes { get; set; }
    /// <summary>enforce_nonce: "author:nonce" to the message it created and when.</summary>
    public Dictionary<string, (ulong MessageId, DateTimeOffset At)> Nonces { get; } = new(StringComparer.Ordinal);
    public int Heartbeats { get; set; }
    public int Connections { get; set; }

    public GuildState? FindGuild(ulong id) => Guilds.Find(g => g.Id == id);

    public void Put(FakeMessage message)
    {
        if (!Messages.ContainsKey(message.Id))
        {
            MessageOrder.Add(message.Id);
        }

        Messages[message.Id] = message;
    }

    public void Remove(ulong messageId)
    {
        if (Messages.Remove(messageId))
        {
            MessageOrder.Remove(messageId);
        }
    }
}
