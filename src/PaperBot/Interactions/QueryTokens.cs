using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Limits;
using PaperBot.Storage;

namespace PaperBot.Interactions;

/// <summary>
/// A query that travels in a button's custom_id: the query itself (<c>q:</c>) when it fits in Discord's 100
/// characters, else a handle (<c>h:</c>) to the query kept in app_state for
/// <see cref="CommandOptions.SearchHandleLifetime"/>. So paging survives restarts, and an expired handle reads
/// as null (the caller answers "run it again").
/// </summary>
public sealed class QueryTokens(AppStateStore appState, TimeProvider timeProvider, IOptions<CommandOptions> options)
{
    private const string HandleKeyPrefix = "search_handle.";

    /// <summary>
    /// A token for <paramref name="query"/> that fits in a custom_id beside <paramref name="overhead"/> other
    /// characters: the query itself (<c>q:</c>) when it fits, else a handle (<c>h:</c>) to the query kept in app_state.
    /// </summary>
    public async Task<string> TokenForAsync(string query, int overhead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (overhead + 2 + query.Length <= DiscordLimits.CustomId)
        {
            return "q:" + query;
        }

        var handle = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)))[..16];
        await appState.SetAsync(HandleKeyPrefix + handle, query, cancellationToken).ConfigureAwait(false);
        return "h:" + handle;
    }

    /// <summary>The query behind a token; null when its handle expired or never existed.</summary>
    public async Task<string?> ResolveAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.StartsWith("q:", StringComparison.Ordinal))
        {
            return token[2..];
        }

        if (!token.StartsWith("h:", StringComparison.Ordinal))
        {
            return null;
        }

        var key = HandleKeyPrefix + token[2..];
        var entry = await appState.GetEntryAsync(key, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return null;
        }

        if (entry.UpdatedAt + options.Value.SearchHandleLifetime < timeProvider.GetUtcNow())
        {
            await appState.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return entry.Value;
    }
}
