using System.CommandLine;
using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using PaperBot.Hosting.Observability;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Storage;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot health</c>: the container's HEALTHCHECK (the runtime image has no curl). Exit 0 when the
/// database answers a query and, when <c>Metrics:Port</c> is set, the running bot's <c>/health</c> says so
/// (that one also knows whether the gateway is connected); 1 otherwise.
/// </summary>
internal static class HealthCommand
{
    private const string PingSql = "SELECT 1";

    public static Command Create(CliContext context)
    {
        var command = new Command("health", "Exit 0 when the database answers, 1 otherwise (used by the Docker HEALTHCHECK).");
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(
                context,
                services.GetRequiredService<SqliteConnectionFactory>(),
                services.GetRequiredService<IOptions<MetricsOptions>>().Value,
                token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, SqliteConnectionFactory connections, MetricsOptions metrics, CancellationToken cancellationToken)
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

        if (metrics.Port > 0)
        {
            var host = metrics.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : metrics.BindAddress;
            var url = new Uri($"http://{host}:{metrics.Port.ToString(CultureInfo.InvariantCulture)}/health");
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    return await context.FailAsync(CliExitCodes.BadInput, $"{url} answered {(int)response.StatusCode}: {body.Trim()}").ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return await context.FailAsync(CliExitCodes.BadInput, $"{url} did not answer: {ex.Message}").ConfigureAwait(false);
            }
        }

        await context.Console.Out.WriteLineAsync("healthy".AsMemory(), cancellationToken).ConfigureAwait(false);
        return CliExitCodes.Success;
    }
}
