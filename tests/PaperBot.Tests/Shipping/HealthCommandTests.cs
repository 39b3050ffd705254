using PaperBot.Hosting.Health;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shipping;

public sealed class HealthCommandTests
{
    [Fact]
    public async Task HealthVerb_WorkingDatabase_ExitsZero()
    {
        using var cli = new CliHarness();

        var run = await cli.RunAsync("health");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("healthy", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthVerb_DatabaseIsNotSqlite_ExitsNonZero()
    {
        using var cli = new CliHarness();
        await File.WriteAllTextAsync(cli.DatabasePath, "this is not a database, just text long enough to have a header");

        var run = await cli.RunAsync("health");

        Assert.NotEqual(0, run.ExitCode);
    }

    private static Task WriteStatusAsync(CliHarness cli, bool connected, TimeSpan since, TimeSpan? written = null)
    {
        // The health verb compares with the real clock, so the file is dated relative to it.
        var now = TimeProvider.System.GetUtcNow();
        var status = new BotStatus(Environment.ProcessId, now - TimeSpan.FromHours(1), now - (written ?? TimeSpan.Zero), connected, now - since);
        return BotStatusFile.WriteAsync(BotStatusFile.PathFor(Path.GetFullPath(cli.DatabasePath)), status, CancellationToken.None);
    }

    [Fact]
    public async Task HealthVerb_BotConnected_ExitsZeroAndSaysWhy()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("stats");
        await WriteStatusAsync(cli, connected: true, since: TimeSpan.FromMinutes(30));

        var run = await cli.RunAsync("health");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("healthy: database answers, gateway connected, ingestion ok", run.Out.Trim());
    }

    [Fact]
    public async Task HealthVerb_GatewayDownPastGracePeriod_ExitsOneWithReasonOnOneLine()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("stats");
        await WriteStatusAsync(cli, connected: false, since: TimeSpan.FromMinutes(10));

        var run = await cli.RunAsync("health");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("unhealthy: gateway not connected for 10m", line, StringComparison.Ordinal);
        Assert.Contains("grace period 2m 00s", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthVerb_GatewayConnectingWithinGracePeriod_ExitsZero()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("stats");
        await WriteStatusAsync(cli, connected: false, since: TimeSpan.FromSeconds(20));

        var run = await cli.RunAsync("health");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("gateway connecting for", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthVerb_StatusFileNotUpdated_ExitsOne()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("stats");
        await WriteStatusAsync(cli, connected: true, since: TimeSpan.FromHours(1), written: TimeSpan.FromMinutes(5));

        var run = await cli.RunAsync("health");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bot status not updated for 5m", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthVerb_IngestionFailingPastLimit_ExitsOne()
    {
        using var cli = new CliHarness();
        await cli.RunAsync("stats");
        await WriteStatusAsync(cli, connected: true, since: TimeSpan.FromHours(1));
        var state = new AppStateStore(new StateDatabase(new SqliteConnectionFactory(cli.DatabasePath)), TimeProvider.System);
        await state.SetAsync("ingest.arxiv.last_result", "failed: Name or service not known", CancellationToken.None);
        await state.SetAsync("ingest.arxiv.last_success", TimeProvider.System.GetUtcNow().AddHours(-8).UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);

        var run = await cli.RunAsync("health");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ingestion from arxiv failing for 8h", run.Error, StringComparison.Ordinal);
        Assert.Contains("Name or service not known", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthVerb_DatabaseUnreadable_ExitsOneNamingTheDatabase()
    {
        using var cli = new CliHarness();
        await File.WriteAllTextAsync(cli.DatabasePath, "this is not a database, just text long enough to have a header");
        await WriteStatusAsync(cli, connected: true, since: TimeSpan.FromHours(1));

        var run = await cli.RunAsync("health");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("database", run.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.Out);
    }
}
