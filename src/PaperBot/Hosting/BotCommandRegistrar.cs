using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Interactions;
using PaperBot.Discord;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Storage;

namespace PaperBot.Hosting;

/// <summary>
/// Registers every module's commands by bulk overwrite, on <c>Discord:DevGuildId</c> when set (instant updates)
/// or globally, and only when what Discord holds (asked with GET at every start) differs from the definitions:
/// Discord allows 200 command creates a day, and a restart loop must not burn them. Asking Discord, not a hash
/// in our own database, covers a copied database, a fleet racing at start and commands removed on Discord's
/// side; the hash of the last definitions sent stays in the database as a record.
/// </summary>
public sealed partial class BotCommandRegistrar(
    CommandCatalog catalog,
    DiscordRestClient rest,
    AppStateStore appState,
    IOptions<DiscordOptions> options,
    ILogger<BotCommandRegistrar> logger)
{
    /// <returns>True when the commands were sent to Discord, false when Discord already held them.</returns>
    public async Task<bool> RegisterAsync(ulong applicationId, CancellationToken cancellationToken)
    {
        var definitions = catalog.Definitions;
        var hash = Hash(definitions);
        var guildId = options.Value.DevGuildId;
        var target = guildId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "global";
        var key = guildId is { } guild
            ? $"discord.commands_hash.{applicationId}.guild.{guild}"
            : $"discord.commands_hash.{applicationId}.global";
        var held = guildId is { } g
            ? await rest.GetGuildCommandsAsync(applicationId, g, cancellationToken).ConfigureAwait(false)
            : await rest.GetGlobalCommandsAsync(applicationId, cancellationToken).ConfigureAwait(false);
        if (ApplicationCommandComparer.SameDefinitions(definitions, held))
        {
            await appState.SetAsync(key, hash, cancellationToken).ConfigureAwait(false);
            Log.Unchanged(logger, definitions.Count, target);
            return false;
        }

        if (guildId is { } dev)
        {
            await rest.BulkOverwriteGuildCommandsAsync(applicationId, dev, definitions, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await rest.BulkOverwriteGlobalCommandsAsync(applicationId, definitions, cancellationToken).ConfigureAwait(false);
        }

        await appState.SetAsync(key, hash, cancellationToken).ConfigureAwait(false);
        Log.Registered(logger, definitions.Count, target, held.Count);
        return true;
    }

    /// <summary>SHA-256 over the definitions exactly as they are sent.</summary>
    public static string Hash(IReadOnlyList<ApplicationCommand> definitions)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(definitions, DiscordJsonContext.Default.IReadOnlyListApplicationCommand);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Registered {Count} commands ({Target}); Discord held {HeldCount} that differed")]
        public static partial void Registered(ILogger logger, int count, string target, int heldCount);

        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{Count} commands already registered ({Target}); nothing sent")]
        public static partial void Unchanged(ILogger logger, int count, string target);
    }
}
