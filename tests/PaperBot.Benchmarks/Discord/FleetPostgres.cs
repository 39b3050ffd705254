using System.Diagnostics;
using Npgsql;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// The fleet's shared database: a fresh database on the server PAPERBOT_TEST_POSTGRES names, or on a throwaway
/// server this run starts with <c>.ci/postgres start</c> (and stops at the end). Dropped on dispose.
/// </summary>
internal sealed class FleetPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly string? _startedIn;

    private FleetPostgres(string server, string? startedIn, string name)
    {
        _server = server;
        _startedIn = startedIn;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Where the server came from, for the printout (no password).</summary>
    public string Origin => _startedIn is null ? "PAPERBOT_TEST_POSTGRES" : $".ci/postgres start {_startedIn}";

    public static async Task<FleetPostgres> StartAsync(string workDirectory, CancellationToken ct)
    {
        string? startedIn = null;
        var server = Environment.GetEnvironmentVariable("PAPERBOT_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            startedIn = Path.Combine(workDirectory, "fleet-postgres-" + Environment.ProcessId);
            server = (await CiPostgresAsync("start", startedIn, ct)).Trim();
        }

        var name = "pbfleet_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {name}", ct);
        return new FleetPostgres(server, startedIn, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
        }
        finally
        {
            if (_startedIn is not null)
            {
                await CiPostgresAsync("stop", _startedIn, CancellationToken.None);
                Directory.Delete(_startedIn, recursive: true);
            }
        }
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Runs the repository's <c>.ci/postgres</c> script; returns its stdout (the connection string on start).</summary>
    private static async Task<string> CiPostgresAsync(string action, string folder, CancellationToken ct)
    {
        var script = FindScript() ?? throw new InvalidOperationException(
            "PAPERBOT_TEST_POSTGRES is not set and .ci/postgres was not found above the benchmark's folder: set the variable.");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(action);
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($".ci/postgres {action} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".ci", "postgres");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
