using System.CommandLine;
using Microsoft.Extensions.Options;
using PaperBot.Hosting;
using PaperBot.Storage;

namespace PaperBot.Cli;

/// <summary>Shared by the verbs: the console, the global <c>--db</c> option and the host lifetime around each verb.</summary>
public sealed class CliContext(CliConsole console, Option<string?> database)
{
    public CliConsole Console { get; } = console;

    public Option<string?> Database { get; } = database;

    /// <summary>
    /// Builds and starts the host (which migrates the database), runs the verb, stops the host, and turns
    /// failures into exit codes: 1 with a message for bad input, 2 for anything unexpected; never a stack trace.
    /// </summary>
    public async Task<int> RunAsync(ParseResult result, Func<IServiceProvider, CancellationToken, Task<int>> verb, CancellationToken cancellationToken, string failurePrefix = "")
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(verb);
        try
        {
            var settings = new PaperBotHostSettings { Mode = PaperBotHostMode.Cli, DatabasePath = result.GetValue(Database) };
            using var host = PaperBotHost.CreateBuilder(settings).Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await verb(host.Services, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (CliUsageException ex)
        {
            return await FailAsync(CliExitCodes.BadInput, ex.Message).ConfigureAwait(false);
        }
        catch (DatabaseOpenException ex)
        {
            return await FailAsync(CliExitCodes.BadInput, failurePrefix + ex.Message.ReplaceLineEndings(" ")).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            return await FailAsync(CliExitCodes.BadInput, $"invalid configuration: {string.Join("; ", ex.Failures)}").ConfigureAwait(false);
        }
        catch (InvalidOperationException ex) when (PaperBotHost.IsConfigurationValueError(ex))
        {
            return await FailAsync(CliExitCodes.BadInput, $"invalid configuration: {ex.Message}").ConfigureAwait(false);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // Starting migrates the shared database first; Npgsql's connection errors name host and port only.
            var reason = ex is Npgsql.PostgresException refused ? $"refused ({refused.SqlState})" : ex.Message.ReplaceLineEndings(" ");
            return await FailAsync(CliExitCodes.Failure, $"{failurePrefix}shared PostgreSQL database unreachable: {reason}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await FailAsync(CliExitCodes.Cancelled, "cancelled").ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            return await FailAsync(CliExitCodes.Failure, $"unexpected error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
        }
    }

    public async Task<int> FailAsync(int exitCode, string message)
    {
        await Console.Error.WriteLineAsync($"paperbot: {message}").ConfigureAwait(false);
        return exitCode;
    }
}
