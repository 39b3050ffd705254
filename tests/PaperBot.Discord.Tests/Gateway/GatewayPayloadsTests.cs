using System.Text.Json;
using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewayPayloadsTests
{
    [Fact]
    public void Identify_SingleShard_HasTokenIntentsPropertiesAndNoShard()
    {
        using var json = JsonDocument.Parse(GatewayPayloads.Identify("secret-token", 1025, 0, 1));
        var root = json.RootElement;
        var d = root.GetProperty("d");

        Assert.Equal(2, root.GetProperty("op").GetInt32());
        Assert.Equal("secret-token", d.GetProperty("token").GetString());
        Assert.Equal(1025, d.GetProperty("intents").GetInt32());
        Assert.Equal("PaperBot", d.GetProperty("properties").GetProperty("browser").GetString());
        Assert.Equal("PaperBot", d.GetProperty("properties").GetProperty("device").GetString());
        Assert.False(string.IsNullOrEmpty(d.GetProperty("properties").GetProperty("os").GetString()));
        Assert.False(d.TryGetProperty("shard", out _));
    }

    [Fact]
    public void Identify_Sharded_SendsShardIdAndCount()
    {
        using var json = JsonDocument.Parse(GatewayPayloads.Identify("t", 1, 2, 4));
        var shard = json.RootElement.GetProperty("d").GetProperty("shard");

        Assert.Equal([2, 4], shard.EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public void Heartbeat_NoSequenceYet_SendsNull()
    {
        using var json = JsonDocument.Parse(GatewayPayloads.Heartbeat(null));

        Assert.Equal(1, json.RootElement.GetProperty("op").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("d").ValueKind);
    }

    [Fact]
    public void Heartbeat_AfterDispatches_SendsLastSequence()
    {
        using var json = JsonDocument.Parse(GatewayPayloads.Heartbeat(42));

        Assert.Equal(42, json.RootElement.GetProperty("d").GetInt64());
    }

    [Fact]
    public void Resume_Session_SendsTokenSessionAndSequence()
    {
        using var json = JsonDocument.Parse(GatewayPayloads.Resume("t", "abc", 7));
        var d = json.RootElement.GetProperty("d");

        Assert.Equal(6, json.RootElement.GetProperty("op").GetInt32());
        Assert.Equal("t", d.GetProperty("token").GetString());
        Assert.Equal("abc", d.GetProperty("session_id").GetString());
        Assert.Equal(7, d.GetProperty("seq").GetInt64());
    }
}
