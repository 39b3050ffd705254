using Microsoft.Extensions.Configuration;
using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

public sealed class ConfigurationCheckTests
{
    private static ConfigurationReport CheckWith(params (string Key, string Value)[] overrides)
    {
        var builder = new ConfigurationBuilder();
        PaperBotHost.AddConfiguration(builder, new PaperBotHostSettings
        {
            Overrides = overrides.ToDictionary(o => o.Key, o => (string?)o.Value),
        });
        return ConfigurationCheck.Run(builder.Build());
    }

    [Fact]
    public void Run_ProcessRunsPartOfTheShards_NotesTheFleetSumOfTheGlobalLimit()
    {
        var fleet = CheckWith(("Discord:ShardCount", "4"), ("Discord:Shards", "0-1"), ("Discord:GlobalRequestsPerSecond", "25"));
        var alone = CheckWith(("Discord:ShardCount", "4"));

        Assert.True(fleet.IsValid, string.Join("\n", fleet.Problems));
        Assert.Contains(fleet.Notes, n => n.Contains("runs 2 of Discord:ShardCount 4 shards", StringComparison.Ordinal) && n.Contains("must add up to at most 50 (this one takes 25)", StringComparison.Ordinal));
        Assert.DoesNotContain(alone.Notes, n => n.Contains("GlobalRequestsPerSecond", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0-4", "outside 0-3")]
    [InlineData("0-2,1", "names shard 1 twice")]
    public void Run_BadShards_ReportsTheRange(string shards, string expected)
    {
        var report = CheckWith(("Discord:ShardCount", "4"), ("Discord:Shards", shards));

        Assert.Contains(report.Problems, p => p.Contains("Discord:Shards", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Run_ShippedDefaults_HasNoProblems()
    {
        var report = CheckWith();

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
    }

    [Theory]
    [InlineData("Discord:RestBaseUrl", "ftp://discord.example/api")]
    [InlineData("Discord:ShardId", "5")]
    [InlineData("Discord:TokenFile", "/nonexistent/paperbot-token")]
    [InlineData("Discord:RequestTimeout", "-00:00:01")]
    [InlineData("Digest:MaxConcurrentChannels", "0")]
    [InlineData("Digest:RetryDelay", "not-a-timespan")]
    [InlineData("Search:CandidateLimit", "5")]
    [InlineData("Storage:DatabasePath", " ")]
    [InlineData("Discord:MaxRetries", "11")]
    [InlineData("Discord:Gateway:MaxSendsPerWindow", "5")]
    [InlineData("Metrics:Port", "70000")]
    [InlineData("Metrics:BindAddress", "localhost:80")]
    [InlineData("Logging:Format", "xml")]
    [InlineData("Ingestion:Interval", "00:00:00")]
    [InlineData("Bot:WarmUp", "sometimes")]
    public void Run_InvalidSetting_ReportsProblemNamingTheKey(string key, string value)
    {
        var report = CheckWith((key, value));

        Assert.False(report.IsValid, $"{key}={value} was accepted");
        Assert.Single(report.Problems);
        var leaf = key.Split(':')[^1];
        Assert.Contains(report.Problems, p => p.Contains(key, StringComparison.Ordinal) || (p.Contains(key.Split(':')[0], StringComparison.Ordinal) && p.Contains(leaf, StringComparison.Ordinal)));
    }

    [Fact]
    public void Run_DataAnnotationFailure_IsRewrittenToNameTheFullKey()
    {
        var report = CheckWith(("Discord:MaxRetries", "11"));

        Assert.Contains(report.Problems, p => p.StartsWith("Discord:MaxRetries: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckConfigVerb_BadSettingsFile_ExitsOneListingEveryProblem()
    {
        using var cli = new CliHarness();
        var file = cli.PathOf("bad.json");
        await File.WriteAllTextAsync(file, """{ "Discord": { "RestBaseUrl": "ftp://x/api" }, "Metrics": { "Port": -1 }, "Logging": { "Format": "xml" } }""");

        var run = await cli.RunAsync("check-config", "--config", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Discord:RestBaseUrl must be an absolute http(s) URL", run.Error, StringComparison.Ordinal);
        Assert.Contains("Metrics:Port", run.Error, StringComparison.Ordinal);
        Assert.Contains("Logging:Format", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfigVerb_TokenFromFile_ExitsZeroWithoutEchoingIt()
    {
        using var cli = new CliHarness();
        const string token = "MTIz.secret-token-value.xyz";
        var tokenFile = cli.PathOf("token.txt");
        await File.WriteAllTextAsync(tokenFile, $"  {token}\n");
        var file = cli.PathOf("ok.json");
        await File.WriteAllTextAsync(file, $$"""{ "Discord": { "TokenFile": "{{tokenFile}}" } }""");

        var run = await cli.RunAsync("check-config", "--config", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("configuration is valid", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Discord:Token is not set", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PostgresWithoutConnectionString_ReportsTheMissingKey()
    {
        var report = CheckWith(("Storage:Provider", "postgres"));

        var problem = Assert.Single(report.Problems);
        Assert.Contains("Storage:ConnectionString", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConfigVerb_PostgresConnectionString_IsNeverEchoed()
    {
        using var cli = new CliHarness();
        const string password = "pg-secret-password-123";
        var file = cli.PathOf("pg.json");
        await File.WriteAllTextAsync(file, $$"""{ "Storage": { "Provider": "postgres", "ConnectionString": "Host=127.0.0.1;Username=bot;Password={{password}}" }, "Metrics": { "Port": -1 } }""");

        var run = await cli.RunAsync("check-config", "--config", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Metrics:Port", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, run.Out + run.Error, StringComparison.Ordinal);
    }
}
