using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Tests.Gateway.Support;
using PaperBot.FakeDiscord;

namespace PaperBot.Discord.Tests.Gateway;

/// <summary>Several shards in one process: Discord:Shards, one client per shard, and the fake's sharding close codes.</summary>
public sealed class GatewayShardSetTests
{
    [Theory]
    [InlineData(null, 4, "0,1,2,3")]
    [InlineData("", 1, "0")]
    [InlineData("0-3", 8, "0,1,2,3")]
    [InlineData("0,2,5-7", 8, "0,2,5,6,7")]
    [InlineData(" 7 , 1-2 ", 8, "1,2,7")]
    public void TryParse_ValidShards_ListsThemAscending(string? text, int count, string expected)
    {
        Assert.True(GatewayShardRange.TryParse(text, count, out var shards, out var error), error);
        Assert.Equal(expected, string.Join(',', shards));
    }

    [Theory]
    [InlineData("0-4", 4, "outside 0-3")]
    [InlineData("0-2,2", 4, "names shard 2 twice")]
    [InlineData("1,,2", 4, "empty entry")]
    [InlineData("3-1", 4, "neither a shard id nor a range")]
    [InlineData("-1", 4, "neither a shard id nor a range")]
    [InlineData("a", 4, "neither a shard id nor a range")]
    public void TryParse_BadShards_FailsNamingTheSetting(string text, int count, string expected)
    {
        Assert.False(GatewayShardRange.TryParse(text, count, out _, out var error));
        Assert.Contains("Discord:Shards", error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Shards", "0-4", "Discord:Shards entry '0-4' is outside 0-3")]
    [InlineData("Shards", "1-2,0-1", "names shard 1 twice")]
    [InlineData("ShardId", "4", "Discord:ShardId (4) must be below ShardCount (4)")]
    public void AddDiscordGateway_BadShardSettings_FailsAtStartNamingTheKey(string key, string value, string expected)
    {
        using var provider = Provider(new() { ["Discord:ShardCount"] = "4", [$"Discord:{key}"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddDiscordGateway_ShardIdAndShardsBothSet_FailsSayingKeepShards()
    {
        using var provider = Provider(new() { ["Discord:ShardCount"] = "4", ["Discord:ShardId"] = "1", ["Discord:Shards"] = "0-1" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DiscordOptions>>().Value);
        Assert.Contains("keep Shards", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddDiscordGateway_ShardsSubset_OneClientPerShardOfThisProcess()
    {
        await using var provider = Provider(new() { ["Discord:ShardCount"] = "8", ["Discord:Shards"] = "0,2,5-7" });

        var set = provider.GetRequiredService<GatewayShardSet>();

        Assert.Equal([0, 2, 5, 6, 7], set.Shards.Select(s => s.ShardId));
        Assert.Same(set.Shards[0], provider.GetRequiredService<DiscordGatewayClient>());
        Assert.Equal("shards 0,2,5-7 of 8: 0/5 ready", set.Describe());
    }

    [Fact]
    public async Task RunAsync_TwoShardsOneGuildsPastLimit_AllStopWith4011NamingShardCount()
    {
        await using var server = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { BotToken = GatewayHarness.Token, MaxGuildsPerShard = 2, MaxConcurrency = 2 });
        for (var i = 0; i < 3; i++)
        {
            server.CreateGuildOnShard(1, 2);
        }

        server.CreateGuildOnShard(0, 2);
        await using var provider = Provider(new() { ["Discord:ShardCount"] = "2", ["Discord:RestBaseUrl"] = server.RestBaseUrl.AbsoluteUri });
        var set = provider.GetRequiredService<GatewayShardSet>();

        var ex = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => set.RunAsync(new RecordingHandler(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(GatewayCloseCodes.ShardingRequired, ex.CloseCode);
        Assert.Contains("Discord:ShardCount", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(1, server.IdentifyTimes.Select(i => i.ShardId));
        Assert.Empty(server.LiveShards);
    }

    [Fact]
    public async Task RunAsync_ShardIdAtShardCount_FakeCloses4010AndClientNamesTheSettings()
    {
        await using var harness = await GatewayHarness.StartAsync(configureDiscord: o => (o.ShardId, o.ShardCount) = (2, 2));

        var ended = await Task.WhenAny(harness.Run, Task.Delay(TimeSpan.FromSeconds(10))) == harness.Run;

        Assert.True(ended, string.Join('\n', harness.Log.Lines));
        var ex = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => harness.Run);

        Assert.Equal(GatewayCloseCodes.InvalidShard, ex.CloseCode);
        Assert.Contains("Discord:Shards", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Discord:ShardCount", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Server.IdentifyCount);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        settings["Discord:Token"] = GatewayHarness.Token;
        settings["Discord:Gateway:IdentifyInterval"] = "00:00:00";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddDiscordGateway().BuildServiceProvider();
    }
}
