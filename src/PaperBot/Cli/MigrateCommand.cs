using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PaperBot.Papers.Shared;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot migrate --to postgres --connection CS</c>: copies this SQLite store into an empty shared PostgreSQL
/// database (safe to re-run: a re-run copies only what is missing); <c>--to sqlite --connection CS --db FILE</c> goes
/// back into a new SQLite file. The connection string is never printed.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>Every table that can live in both databases, parents before children; one missing on either side is skipped.</summary>
    private static readonly CopiedTable[] Tables =
    [
        new("papers"),
        new("paper_vectors", new Dictionary<string, object> { ["stamp"] = 1L }),
        new("app_state"),
        new("saved_papers"),
        new("digest_subscriptions"),
        new("digest_batches"),
        new("digest_ledger"),
        new("posted_messages"),
        new("posted_message_papers"),
        new("library_reaction_saves"),
        new("server_memory"),
        new("link_card_channels"),
        new("club_queue"),
        new("club_sessions"),
    ];

    public static Command Create(CliContext context)
    {
        var to = new Option<string>("--to") { Description = "postgres (from this SQLite store) or sqlite (into the --db file)", Required = true };
        to.AcceptOnlyFromAmong("postgres", "sqlite");
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string (Host=...;Database=...;Username=...;Password=...)", Required = true };
        var command = new Command("migrate", "Copy the store to an empty PostgreSQL database, or back into a new SQLite file.");
        command.Options.Add(to);
        command.Options.Add(connection);
        command.SetAction((result, ct) => result.GetRequiredValue(to) == "postgres"
            ? context.RunAsync(
                result,
                (services, token) => ToPostgresAsync(context, services.GetRequiredService<SqliteConnectionFactory>(), result.GetRequiredValue(connection), token),
                ct)
            : ToSqliteAsync(context, result.GetValue(context.Database), result.GetRequiredValue(connection), ct));
        return command;
    }

    private static async Task<int> ToPostgresAsync(CliContext context, SqliteConnectionFactory factory, string connectionString, CancellationToken cancellationToken)
    {
        await using var database = new PostgresDatabase(connectionString);
        await new PostgresMigrator(database, NullLogger<PostgresMigrator>.Instance).MigrateAsync(cancellationToken).ConfigureAwait(false);
        var sqlite = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (sqlite.ConfigureAwait(false))
        {
            var postgres = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (postgres.ConfigureAwait(false))
            {
                var copier = new StoreCopier(sqlite, postgres, line => context.Console.Error.WriteLine(line));
                var tables = await copier.CommonTablesAsync(Tables, cancellationToken).ConfigureAwait(false);
                var source = Fingerprint(sqlite);
                var marked = await ScalarAsync(postgres, "SELECT source FROM migrated_from", cancellationToken).ConfigureAwait(false) as string;
                if (marked != source)
                {
                    var held = new List<string>();
                    foreach (var (table, _) in tables)
                    {
                        var rows = await copier.PostgresCountAsync(table.Name, cancellationToken).ConfigureAwait(false);
                        if (rows > 0)
                        {
                            held.Add($"{table.Name} ({rows:N0} rows)");
                        }
                    }

                    if (marked is not null || held.Count > 0)
                    {
                        return await context.FailAsync(
                            CliExitCodes.BadInput,
                            $"the {database.Description} already holds other data ({(held.Count > 0 ? string.Join(", ", held) : "copied from another store")}); migrate copies into an empty database only. Nothing was copied.")
                            .ConfigureAwait(false);
                    }

                    await ExecuteAsync(postgres, "INSERT INTO migrated_from (source) VALUES (@source)", cancellationToken, ("source", source)).ConfigureAwait(false);
                }

                await context.Console.Out.WriteLineAsync($"copying {factory.DatabasePath} to the {database.Description}").ConfigureAwait(false);
                var results = new List<CopyResult>();
                foreach (var (table, columns) in tables)
                {
                    results.Add(await copier.ToPostgresAsync(
                        table,
                        columns,
                        tx => ExecuteAsync(postgres, $"SELECT pg_advisory_xact_lock({PaperSharing.WriteLockKey})", cancellationToken, transaction: tx),
                        cancellationToken).ConfigureAwait(false));
                }

                return await ReportAsync(context, results).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Copies the shared database into the new SQLite file <paramref name="path"/> from one REPEATABLE READ snapshot, so
    /// the tables agree with each other and with the counts compared (also what <c>paperbot backup</c> writes).
    /// </summary>
    internal static async Task<int> ToSqliteAsync(CliContext context, string? path, string connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return await context.FailAsync(CliExitCodes.BadInput, "migrate --to sqlite needs --db FILE: the new SQLite file to write.").ConfigureAwait(false);
        }

        SqliteConnectionFactory? factory = null;
        try
        {
            factory = new SqliteConnectionFactory(path);
            await new DatabaseMigrator(factory, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(cancellationToken).ConfigureAwait(false);
            await using var database = new PostgresDatabase(connectionString);
            await new PostgresMigrator(database, NullLogger<PostgresMigrator>.Instance).MigrateAsync(cancellationToken).ConfigureAwait(false);
            var sqlite = await factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (sqlite.ConfigureAwait(false))
            {
                var postgres = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (postgres.ConfigureAwait(false))
                {
                    var copier = new StoreCopier(sqlite, postgres, line => context.Console.Error.WriteLine(line));
                    var tables = await copier.CommonTablesAsync(Tables, cancellationToken).ConfigureAwait(false);
                    var held = tables.Select(t => (t.Table.Name, Rows: copier.SqliteCount(t.Table.Name))).Where(t => t.Rows > 0).ToArray();
                    if (held.Length > 0)
                    {
                        return await context.FailAsync(
                            CliExitCodes.BadInput,
                            $"{factory.DatabasePath} already holds data ({string.Join(", ", held.Select(h => $"{h.Name} ({h.Rows:N0} rows)"))}); migrate --to sqlite writes a new file only. Nothing was copied.")
                            .ConfigureAwait(false);
                    }

                    await context.Console.Out.WriteLineAsync($"copying the {database.Description} to {factory.DatabasePath}").ConfigureAwait(false);
                    var results = new List<CopyResult>();
                    var snapshot = await postgres.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
                    await using (snapshot.ConfigureAwait(false))
                    using (var transaction = sqlite.BeginTransaction(deferred: false))
                    {
                        foreach (var (table, columns) in tables)
                        {
                            results.Add(await copier.ToSqliteAsync(table, columns, transaction, cancellationToken).ConfigureAwait(false));
                        }

                        // The search indexes are built from the copied rows rather than copied.
                        using var rebuild = sqlite.CreateCommand();
                        rebuild.Transaction = transaction;
                        rebuild.CommandText = "INSERT INTO papers_fts (papers_fts) VALUES ('rebuild'); INSERT INTO papers_title_fts (papers_title_fts) VALUES ('rebuild');";
                        rebuild.ExecuteNonQuery();
                        transaction.Commit();
                    }

                    return await ReportAsync(context, results).ConfigureAwait(false);
                }
            }
        }
        catch (DatabaseOpenException ex)
        {
            return await context.FailAsync(CliExitCodes.BadInput, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or SqliteException)
        {
            return await context.FailAsync(CliExitCodes.Failure, $"{ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            // Closed for real (WAL checkpointed), so the file alone is the whole copy and can be moved.
            factory?.ClearPool();
        }
    }

    /// <summary>One line per table; fails unless both sides end with the same count.</summary>
    private static async Task<int> ReportAsync(CliContext context, IReadOnlyList<CopyResult> results)
    {
        foreach (var r in results)
        {
            await context.Console.Out.WriteLineAsync($"{r.Table}: {r.Copied:N0} copied, {r.Source:N0} in the source, {r.Target:N0} in the target").ConfigureAwait(false);
        }

        var unequal = results.Where(r => r.Source != r.Target).ToArray();
        if (unequal.Length > 0)
        {
            return await context.FailAsync(CliExitCodes.Failure, $"counts differ for {string.Join(", ", unequal.Select(r => r.Table))}").ConfigureAwait(false);
        }

        await context.Console.Out.WriteLineAsync($"done: {results.Count} tables, counts equal").ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    /// <summary>Names the source store: its first papers by row number, which later writes never change.</summary>
    private static string Fingerprint(SqliteConnection sqlite)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT group_concat(id, ' ') FROM (SELECT id FROM papers ORDER BY seq LIMIT 1000)";
        var ids = command.ExecuteScalar() as string ?? "";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ids)));
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, (string Name, object Value)? parameter = null, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
