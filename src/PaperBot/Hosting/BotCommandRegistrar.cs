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
/// or globally, and only when the serialized definitions differ from the last ones registered for that target:
/// Discord allows 200 command creates a day, and a restart loop must not burn them.
/// </summary>
public sealed partial class BotCommandRegistrar(
    CommandCatalog catalog,
    DiscordRestClient rest,
    AppStateStore appState,
    IOptions<DiscordOptions> options,
    ILogger<BotCommandRegistrar> logger)
{
    /// <returns>True when the commands were sent to Discord, false when they were already up to date.</returns>
    public async Task<bool> RegisterAsync(ulong applicationId, CancellationToken cancellationToken)
    {
        var definitions = catalog.Definitions;
        var hash = Hash(definitions);
        var guildId = options.Value.DevGuildId;
        var key = guildId is { } guild
            ? $"discord.commands_hash.{applicationId}.guild.{guild}"
            : $"discord.commands_hash.{applicationId}.global";
        if (string.Equals(await appState.GetAsync(key, cancellationToken).ConfigureAwait(false), hash, StringComparison.Ordinal))
        {
            Log.Unchanged(logger, definitions.Count, guildId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "global");
            return false;
        }

        if (guildId is { } target)
        {
            await rest.BulkOverwriteGuildCommandsAsync(applicationId, target, definitions, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await rest.BulkOverwriteGlobalCommandsAsync(applicationId, definitions, cancellationToken).ConfigureAwait(false);
        }

        await appState.SetAsync(key, hash, cancellationToken).ConfigureAwait(false);
        Log.Registered(logger, definitions.Count, guildId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "global");
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
        [LoggerMessage(EventId = 6100, Level = LogLevel.Information, Message = "Registered {Count} commands ({Target})")]
        public static partial void Registered(ILogger logger, int count, string target);

        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "{Count} commands already registered ({Target}); nothing sent")]
        public static partial void Unchanged(ILogger logger, int count, string target);
    }
}
