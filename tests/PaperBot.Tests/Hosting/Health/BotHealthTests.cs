using PaperBot.Hosting.Health;

namespace PaperBot.Tests.Hosting.Health;

public sealed class BotHealthTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthOptions Options = new();

    private static BotStatus Status(bool connected, TimeSpan since, TimeSpan? written = null) =>
        new(1, Now - TimeSpan.FromDays(1), Now - (written ?? TimeSpan.FromSeconds(5)), connected, Now - since);

    [Fact]
    public void Evaluate_ConnectedAndIngestionOk_Healthy()
    {
        var verdict = BotHealth.Evaluate(null, Status(true, TimeSpan.FromHours(3)), [new IngestionState("arxiv", false, "ok: 3 fetched", Now)], Now, Options);

        Assert.True(verdict.Healthy, verdict.Reason);
        Assert.Equal("healthy: database answers, gateway connected, ingestion ok", verdict.Reason);
    }

    [Fact]
    public void Evaluate_ConnectingWithinGracePeriod_Healthy()
    {
        var verdict = BotHealth.Evaluate(null, Status(false, TimeSpan.FromSeconds(90)), [], Now, Options);

        Assert.True(verdict.Healthy, verdict.Reason);
        Assert.Contains("gateway connecting for 1m 30s", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_GatewayDownPastGracePeriod_UnhealthyWithDuration()
    {
        var verdict = BotHealth.Evaluate(null, Status(false, TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1)), [], Now, Options);

        Assert.False(verdict.Healthy);
        Assert.Equal("gateway not connected for 2m 01s (grace period 2m 00s)", verdict.Reason);
    }

    [Fact]
    public void Evaluate_DatabaseError_UnhealthyFirst()
    {
        var verdict = BotHealth.Evaluate("file is not a database", Status(true, TimeSpan.FromHours(1)), [], Now, Options);

        Assert.False(verdict.Healthy);
        Assert.Equal("database unreadable: file is not a database", verdict.Reason);
    }

    [Fact]
    public void Evaluate_StaleStatusFile_Unhealthy()
    {
        var verdict = BotHealth.Evaluate(null, Status(true, TimeSpan.FromHours(1), written: TimeSpan.FromSeconds(41)), [], Now, Options);

        Assert.False(verdict.Healthy);
        Assert.StartsWith("bot status not updated for 41s", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_IngestionFailingPastLimit_UnhealthyWithErrorOnOneLine()
    {
        var failing = new IngestionState("huggingface", true, "failed: 503\nService Unavailable", Now - TimeSpan.FromHours(7));

        var verdict = BotHealth.Evaluate(null, Status(true, TimeSpan.FromHours(1)), [failing], Now, Options);

        Assert.False(verdict.Healthy);
        Assert.Equal("ingestion from huggingface failing for 7h 00m (limit 6h 00m): failed: 503 Service Unavailable", verdict.Reason);
    }

    [Fact]
    public void Evaluate_IngestionFailingBriefly_HealthyAndSaysSo()
    {
        var failing = new IngestionState("arxiv", true, "failed: timeout", Now - TimeSpan.FromHours(2));

        var verdict = BotHealth.Evaluate(null, Status(true, TimeSpan.FromHours(1)), [failing], Now, Options);

        Assert.True(verdict.Healthy, verdict.Reason);
        Assert.Contains("ingestion failing briefly (arxiv)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NeverSucceededSinceStart_CountsFromTheBotsStart()
    {
        var status = new BotStatus(1, Now - TimeSpan.FromHours(7), Now, true, Now - TimeSpan.FromHours(7));

        var verdict = BotHealth.Evaluate(null, status, [new IngestionState("arxiv", true, "failed: dns", null)], Now, Options);

        Assert.False(verdict.Healthy);
        Assert.Contains("failing for 7h 00m", verdict.Reason, StringComparison.Ordinal);
    }
}
