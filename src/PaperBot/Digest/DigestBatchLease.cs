using Dapper;
using Microsoft.Extensions.Options;
using PaperBot.Discord;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>
/// Which process posts a batch (<c>digest_batches.claimed_by</c>, <c>lease_until</c>): one holder at a time, renewed
/// before each message, taken over by any process once it has run out. With one SQLite file the conditional update
/// is enough (one writer); on PostgreSQL the row is locked with <c>FOR UPDATE SKIP LOCKED</c>, so two processes
/// claiming at once never both win and neither waits on the other.
/// </summary>
public sealed class DigestBatchLease(
    StateDatabase state,
    TimeProvider timeProvider,
    IOptions<DigestOptions> options,
    IOptions<FleetOptions>? fleet = null,
    IOptions<DiscordOptions>? discord = null)
{
    private const string ClaimSql = """
        UPDATE digest_batches SET claimed_by = @Owner, lease_until = @Until
        WHERE batch_id = @BatchId AND completed_at IS NULL
          AND (claimed_by IS NULL OR claimed_by = @Owner OR lease_until IS NULL OR lease_until <= @Now)
        """;

    private const string ClaimPostgresSql = """
        UPDATE digest_batches SET claimed_by = @Owner, lease_until = @Until
        WHERE batch_id = (
            SELECT batch_id FROM digest_batches
            WHERE batch_id = @BatchId AND completed_at IS NULL
              AND (claimed_by IS NULL OR claimed_by = @Owner OR lease_until IS NULL OR lease_until <= @Now)
            FOR UPDATE SKIP LOCKED)
        """;

    /// <summary>
    /// This process's name in <c>claimed_by</c>: <see cref="FleetOptions.InstanceName"/>, stable across restarts, so a
    /// process restarted after a crash resumes its own batches at once instead of waiting out its old lease.
    /// </summary>
    public string Owner { get; } = (fleet?.Value ?? new FleetOptions()).ResolveInstanceName(ShardsOf(discord?.Value ?? new DiscordOptions()));

    /// <summary>Claims or renews the batch for <see cref="DigestOptions.BatchLease"/>; false when another live process holds it (or it is complete).</summary>
    public async Task<bool> TryClaimAsync(long batchId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var connection = await state.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var args = new { BatchId = batchId, Owner, Now = DbValues.Time(now), Until = DbValues.Time(now + options.Value.BatchLease) };
            return await connection.ExecuteAsync(new CommandDefinition(state.Sql(ClaimSql, ClaimPostgresSql), args, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        }
    }

    private static string ShardsOf(DiscordOptions discord)
    {
        var range = discord.ShardId is { } one ? one.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.IsNullOrWhiteSpace(discord.Shards) ? "all" : discord.Shards.Trim();
        return $"{range} of {discord.ShardCount}";
    }
}
