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
}
