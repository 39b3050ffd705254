using Microsoft.Data.Sqlite;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot backup FILE</c> with <c>Storage:Provider = postgres</c>: the shared state written to a new SQLite file by
/// the <c>migrate --to sqlite</c> copier, from one snapshot (counts checked), so the backup is a store of its own and
/// a restore is <c>paperbot migrate --to postgres</c> from it. Written beside the target and moved into place only
/// once complete, so a failed run never leaves a half backup under the name.
/// </summary>
internal static class PostgresBackup
{
    public static async Task<int> RunAsync(CliContext context, string connectionString, string file, bool force, CancellationToken cancellationToken)
    {
        var destination = Path.GetFullPath(file);
        if (Directory.Exists(destination))
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"{destination} is a folder; name the backup file, e.g. {Path.Combine(destination, "paperbot-backup.db")}.").ConfigureAwait(false);
        }

        if (File.Exists(destination) && !force)
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"{destination} already exists; pass --force to overwrite it.").ConfigureAwait(false);
        }

        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var partial = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
        try
        {
            var code = await MigrateCommand.ToSqliteAsync(context, partial, connectionString, cancellationToken).ConfigureAwait(false);
            if (code != CliExitCodes.Success)
            {
                return code;
            }

            File.Move(partial, destination, overwrite: force);
        }
        finally
        {
            foreach (var leftover in new[] { partial, partial + "-wal", partial + "-shm" })
            {
                File.Delete(leftover);
            }
        }

        await context.Console.Out.WriteLineAsync(
            $"backup written to {destination}: {CliText.Number(CountPapers(destination))} papers, {CliText.Number((new FileInfo(destination).Length + 1023) / 1024)} KiB; "
            + "restore with paperbot migrate --to postgres --db FILE --connection ...").ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    private static long CountPapers(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM papers";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
