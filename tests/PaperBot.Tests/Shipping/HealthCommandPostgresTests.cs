using System.Diagnostics;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shipping;

/// <summary><c>paperbot health</c> (the Docker HEALTHCHECK) with <c>Storage:Provider = postgres</c>, run as the container runs it.</summary>
public sealed class HealthCommandPostgresTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-health-" + Guid.NewGuid().ToString("N"));

    public HealthCommandPostgresTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task HealthVerb_SharedDatabaseUnreachable_UnhealthyNamingHostAndPortNotTheSecret()
    {
        var (exit, output) = await RunHealthAsync("Host=127.0.0.1;Port=1;Username=paperbot;Password=hunter2-secret;Database=fleet;Timeout=3");

        Assert.NotEqual(0, exit);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("unhealthy", line, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", line, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task HealthVerb_SharedDatabaseAnswers_HealthyAndSaysSo()
    {
        await using var db = await PostgresTestDatabase.CreateAsync();

        var (exit, output) = await RunHealthAsync(db.ConnectionString);

        Assert.True(exit == 0, output);
        Assert.StartsWith("healthy", output.Trim(), StringComparison.Ordinal);
        Assert.Contains("shared PostgreSQL database", output, StringComparison.Ordinal);
        Assert.Contains("answers", output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output)> RunHealthAsync(string connectionString)
    {
        var start = PaperbotProcess.StartInfo(_directory, ["--db", Path.Combine(_directory, "papers.db"), "health"]);
        start.Environment["Storage__Provider"] = "postgres";
        start.Environment["Storage__ConnectionString"] = connectionString;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}
