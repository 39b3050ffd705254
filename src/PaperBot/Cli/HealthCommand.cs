using System.CommandLine;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Storage;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot health</c>: the container's HEALTHCHECK (the runtime image has no curl). Exit 0 when the
/// database answers a query, 1 otherwise.
/// </summary>
internal static class HealthCommand
{
    private const string PingSql = "SELECT 1";

    public static Command Create(CliContext context)
    {
        var command = new Command("health", "Exit 0 when the database answers, 1 otherwise (used by the Docker HEALTHCHECK).");
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(context, services.GetRequiredService<SqliteConnectionFactory>(), token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, SqliteConnectionFactory connections, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var answer = await connection.ExecuteScalarAsync<long>(new CommandDefinition(PingSql, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (answer != 1)
            {
                return await context.FailAsync(CliExitCodes.BadInput, "database did not answer SELECT 1").ConfigureAwait(false);
            }
        }

        await context.Console.Out.WriteLineAsync("healthy".AsMemory(), cancellationToken).ConfigureAwait(false);
        return CliExitCodes.Success;
    }
}
