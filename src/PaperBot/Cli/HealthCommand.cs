using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Hosting.Health;
using PaperBot.Ingestion;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot health</c>: the container's HEALTHCHECK (the runtime image has no curl). Reads the status file
/// the running bot keeps beside the database and the ingestion results in the database, then applies
/// <see cref="BotHealth.Evaluate"/>: exit 0 and "healthy: ..." or exit 1 and the reason, on one line
/// (Docker shows the last lines of a check's output in <c>docker inspect</c>).
/// </summary>
internal static class HealthCommand
{
    private const string PingSql = "SELECT 1";

    public static Command Create(CliContext context)
    {
        var command = new Command("health", "Exit 0 when the bot is healthy (database answers, gateway connected, ingestion not failing), 1 otherwise, with the reason (the Docker HEALTHCHECK).");
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(context, services, token),
            ct,
            failurePrefix: "unhealthy: "));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, IServiceProvider services, CancellationToken cancellationToken)
    {
        var connections = services.GetRequiredService<SqliteConnectionFactory>();
        var options = services.GetRequiredService<IOptions<HealthOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        string? databaseError = null;
        IReadOnlyList<IngestionState> ingestion = [];
        try
        {
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var answer = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PingSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
                databaseError = answer == 1 ? null : "did not answer SELECT 1";
            }

            // The shared database first: in postgres mode the ingestion results live there.
            databaseError = databaseError ?? await SharedDatabaseErrorAsync(services, cancellationToken).ConfigureAwait(false);
            if (databaseError is not null)
            {
                return await context.FailAsync(CliExitCodes.BadInput, $"unhealthy: database unreadable: {databaseError}").ConfigureAwait(false);
            }

            ingestion = IngestionStates(await services.GetRequiredService<IngestionStatus>().GetAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or DatabaseOpenException or UnauthorizedAccessException)
        {
            databaseError = ex.Message;
        }

        BotStatus? status = null;
        try
        {
            status = await BotStatusFile.ReadAsync(BotStatusFile.PathFor(connections.DatabasePath), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"unhealthy: {ex.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
        }

        var verdict = BotHealth.Evaluate(databaseError, status, ingestion, now, options);
        if (!verdict.Healthy)
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"unhealthy: {verdict.Reason}").ConfigureAwait(false);
        }

        var shared = Shared(services);
        var line = shared is null ? verdict.Reason : $"{verdict.Reason}; shared {shared.Description} answers";
        await context.Console.Out.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    private static PostgresDatabase? Shared(IServiceProvider services) =>
        services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
            ? services.GetRequiredService<PostgresDatabase>()
            : null;

    private static async Task<string?> SharedDatabaseErrorAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        Shared(services) is { } shared ? await shared.PingAsync(cancellationToken).ConfigureAwait(false) : null;

    /// <summary>The sources that ran at least once, as the health verdict reads them.</summary>
    private static List<IngestionState> IngestionStates(IReadOnlyList<IngestionSourceStatus> statuses) =>
        statuses
            .Where(s => s.LastResult is not null)
            .Select(s => new IngestionState(s.Source, s.LastRunFailed, s.LastResult, s.LastSuccess))
            .ToList();
}
