using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Hosting.Health;

/// <summary>
/// What the running bot publishes for <c>paperbot health</c>, which runs in another process (the Docker
/// HEALTHCHECK) and so cannot ask it: whether every shard of the process is in a session and since when
/// (<paramref name="GatewayConnected"/> is true only when all are), and how many are.
/// </summary>
public sealed record BotStatus(
    int ProcessId,
    DateTimeOffset StartedAt,
    DateTimeOffset WrittenAt,
    bool GatewayConnected,
    DateTimeOffset GatewaySince,
    int ShardsReady = 0,
    int ShardsTotal = 0);

/// <summary>
/// The status file beside the database (<c>paperbot.db.status.json</c>): on the same volume, readable by
/// any process that can open the database, no port needed. Written to a temporary file and renamed, so a
/// reader sees the old file or the new one, never half of one.
/// </summary>
public static class BotStatusFile
{
    public static string PathFor(string databasePath) => databasePath + ".status.json";

    public static async Task WriteAsync(string path, BotStatus status, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{status.ProcessId}.tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, status, BotStatusJsonContext.Default.BotStatus, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Null when there is no file (no bot runs on this database); throws <see cref="InvalidDataException"/> when it is unreadable.</summary>
    public static async Task<BotStatus?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync(stream, BotStatusJsonContext.Default.BotStatus, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{path} holds null");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a bot status: {ex.Message}", ex);
        }
        catch (FileNotFoundException)
        {
            // Deleted between the check and the open: the bot has just stopped.
            return null;
        }
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind, it goes stale and says so.
        }
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BotStatus))]
internal sealed partial class BotStatusJsonContext : JsonSerializerContext;
