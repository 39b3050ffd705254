using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Storage;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot backup FILE [--force]</c>: an online copy of the database, safe while the bot runs. With the shared
/// PostgreSQL database, a SQLite copy of it (<see cref="PostgresBackup"/>).
/// </summary>
internal static class BackupCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "Where to write the backup (a new SQLite file)" };
        var force = new Option<bool>("--force") { Description = "Overwrite the file when it exists" };
        var command = new Command("backup", "Copy the database to FILE with SQLite's online backup (safe while the bot runs).");
        command.Arguments.Add(file);
        command.Options.Add(force);
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => services.GetRequiredService<IOptions<StorageOptions>>().Value is { Provider: StorageProvider.Postgres } storage
                ? PostgresBackup.RunAsync(context, storage.ConnectionString!, result.GetRequiredValue(file), result.GetValue(force), token)
                : RunAsync(
                    context,
                    new DatabaseBackup(services.GetRequiredService<SqliteConnectionFactory>()),
                    result.GetRequiredValue(file),
                    result.GetValue(force),
                    token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, DatabaseBackup backup, string file, bool force, CancellationToken cancellationToken)
    {
        BackupResult written;
        try
        {
            written = await backup.BackupAsync(file, force, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return await context.FailAsync(CliExitCodes.BadInput, ex.Message).ConfigureAwait(false);
        }

        await context.Console.Out.WriteLineAsync(
            $"backup written to {written.Path}: {CliText.Number(written.PaperCount)} papers, {CliText.Number((written.SizeBytes + 1023) / 1024)} KiB")
            .ConfigureAwait(false);
        return CliExitCodes.Success;
    }
}
