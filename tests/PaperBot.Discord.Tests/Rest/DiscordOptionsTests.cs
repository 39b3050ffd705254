using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Tests.Rest;

public sealed class DiscordOptionsTests
{
    [Fact]
    public void ResolveToken_OnlyTokenFileSet_ReadsTrimmedFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paperbot-token-{Guid.NewGuid():N}");
        File.WriteAllText(path, "  file-token\n");
        try
        {
            Assert.Equal("file-token", new DiscordOptions { TokenFile = path }.ResolveToken());
            Assert.Equal("inline", new DiscordOptions { Token = "inline", TokenFile = path }.ResolveToken());
            Assert.Null(new DiscordOptions().ResolveToken());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AddDiscordRest_Defaults_MatchDiscord()
    {
        var options = Build([]).Value;

        Assert.Equal(new Uri("https://discord.com/api/v10"), options.RestBaseUrl);
        Assert.Equal(1 | 1024, options.Intents);
        Assert.Equal("🔖", options.SaveEmoji);
        Assert.Equal(50, options.GlobalRequestsPerSecond);
        Assert.Equal(3, options.MaxRetries);
    }

    [Theory]
    [InlineData("ShardId", "2", "ShardId")]
    [InlineData("MaxRetries", "99", "MaxRetries")]
    [InlineData("TokenFile", "/nonexistent/token", "TokenFile")]
    public void AddDiscordRest_BadSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build(new() { [$"Discord:{key}"] = value }).Value);

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    private static IOptions<DiscordOptions> Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddDiscordRest().BuildServiceProvider();
        return provider.GetRequiredService<IOptions<DiscordOptions>>();
    }
}
