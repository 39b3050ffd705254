using System.Diagnostics;
using Npgsql;

namespace PaperBot.Tests.Fleet;

/// <summary>Reads the fleet's shared PostgreSQL database directly, as an operator would with psql.</summary>
internal static class FleetDatabase
{
    public static async Task<long> CountAsync(BotFleet fleet, string sql)
    {
        await using var connection = new NpgsqlConnection(fleet.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="sql"/> counts at least <paramref name="atLeast"/>; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForCountAsync(BotFleet fleet, string sql, long atLeast, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (await CountAsync(fleet, sql) >= atLeast)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
