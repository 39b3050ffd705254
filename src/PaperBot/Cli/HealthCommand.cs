using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Hosting.Health;
using PaperBot.Ingestion;
using PaperBot.Storage;

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
            ct));
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

        await context.Console.Out.WriteLineAsync(verdict.Reason.AsMemory(), cancellationToken).ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    /// <summary>The sources that ran at least once, as the health verdict reads them.</summary>
    private static List<IngestionState> IngestionStates(IReadOnlyList<IngestionSourceStatus> statuses) =>
        statuses
            .Where(s => s.LastResult is not null)
            .Select(s => new IngestionState(s.Source, s.LastRunFailed, s.LastResult, s.LastSuccess))
            .ToList();
}
