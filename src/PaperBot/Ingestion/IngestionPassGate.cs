using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PaperBot.Storage;
using PaperBot.Storage.Postgres;

namespace PaperBot.Ingestion;

/// <summary>
/// Makes the scheduled ingestion pass happen once per interval across a fleet. With <c>Storage:Provider = postgres</c>
/// a pass runs only under a session advisory lock on a fixed key, held on one connection for the whole pass, and
/// only when the shared <c>app_state</c> says no process began one within the interval; otherwise it is skipped.
/// A lone SQLite process always runs its pass.
/// </summary>
public sealed partial class IngestionPassGate(IServiceProvider services, IOptions<StorageOptions> storage, AppStateStore state, TimeProvider time, ILogger<IngestionPassGate> logger)
{
    /// <summary>The <c>app_state</c> key holding when the fleet's last scheduled pass began (round-trip UTC).</summary>
    public const string LastPassKey = "ingest.last_pass";

    /// <summary>The two-key advisory lock ('PBIN', 1): apart from the migrator's and the identify gate's.</summary>
    public const int LockSpace = 0x5042494E;

    private const int LockKey = 1;

    /// <summary>Runs <paramref name="pass"/> when this process's turn; returns false when the pass was skipped.</summary>
    public async Task<bool> RunAsync(TimeSpan interval, Func<CancellationToken, Task> pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        if (storage.Value.Provider != StorageProvider.Postgres)
        {
            await pass(cancellationToken).ConfigureAwait(false);
            return true;
        }

        var connection = await services.GetRequiredService<PostgresDatabase>().OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!await LockAsync(connection, "SELECT pg_try_advisory_lock(@space, @key)", cancellationToken).ConfigureAwait(false))
            {
                Log.Skipped(logger, "another process is ingesting");
                return false;
            }

            try
            {
                var now = time.GetUtcNow();
                var last = await state.GetAsync(LastPassKey, cancellationToken).ConfigureAwait(false);
                if (DateTimeOffset.TryParse(last, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var lastPass) && now - lastPass < interval)
                {
                    Log.Skipped(logger, "a pass began within the interval");
                    return false;
                }

                await state.SetAsync(LastPassKey, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                await pass(cancellationToken).ConfigureAwait(false);
                return true;
            }
            finally
            {
                // Closing the connection would release it too; unlock first so the pooled session does not keep it.
                await LockAsync(connection, "SELECT pg_advisory_unlock(@space, @key)", CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("space", LockSpace);
        command.Parameters.AddWithValue("key", LockKey);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3113, Level = LogLevel.Information, Message = "Ingestion pass skipped: {Reason}")]
        public static partial void Skipped(ILogger logger, string reason);
    }
}
