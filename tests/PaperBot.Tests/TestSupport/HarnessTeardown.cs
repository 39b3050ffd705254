using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using PaperBot.FakeDiscord;

namespace PaperBot.Tests.TestSupport;

/// <summary>How a harness that runs bot hosts over the fake Discord ends: the same for every harness.</summary>
internal static class HarnessTeardown
{
    /// <summary>
    /// Stops and disposes every host, then the fake Discord, the databases and the temp folder; last, fails the test
    /// on a Discord rejection it did not expect (read before anything stops, so shutdown noise does not count).
    /// </summary>
    public static async Task DisposeAsync(IEnumerable<IHost> hosts, FakeDiscordServer discord, IReadOnlySet<int> expectedRejectionCodes, PostgresTestDatabase? postgres, string directory)
    {
        var unexpected = FakeDiscordRejections.Unexpected(discord, expectedRejectionCodes);
        foreach (var host in hosts)
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
            }

            host.Dispose();
        }

        await discord.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }

        FakeDiscordRejections.AssertNone(unexpected);
    }
}
