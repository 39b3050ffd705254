using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Limits;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Commands.Papers;

/// <summary>
/// The state of a paged search travels in the ◀ ▶ buttons' custom_id: <c>ps:&lt;page&gt;:&lt;sort&gt;:q:&lt;query&gt;</c>
/// when the query fits in Discord's 100 characters, else <c>ps:&lt;page&gt;:&lt;sort&gt;:h:&lt;handle&gt;</c> with the
/// query kept in app_state for <see cref="CommandOptions.SearchHandleLifetime"/>. So paging survives restarts,
/// and an expired handle gets a clear "run it again" answer.
/// </summary>
public sealed class SearchPaging(AppStateStore appState, TimeProvider timeProvider, IOptions<CommandOptions> options)
{
    public const string Prefix = "ps:";

    private const string HandleKeyPrefix = "search_handle.";

    // Room for the longest page number and sort letter, so a token never pushes a later page past 100.
    private const int Overhead = 12;

    public Task<string> TokenForAsync(string query, CancellationToken cancellationToken) => TokenForAsync(query, Overhead, cancellationToken);

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

    public static string CustomId(int page, SearchSort sort, string token) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{page}:{SortLetter(sort)}:{token}");

    public static bool TryParse(string customId, out int page, out SearchSort sort, out string token)
    {
        page = 0;
        sort = SearchSort.Relevance;
        token = "";
        if (!customId.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = customId[Prefix.Length..].Split(':', 3);
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1)
        {
            return false;
        }

        SearchSort? parsed = parts[1] switch
        {
            "r" => SearchSort.Relevance,
            "n" => SearchSort.Newest,
            "u" => SearchSort.Upvotes,
            _ => null,
        };
        if (parsed is not { } s)
        {
            return false;
        }

        sort = s;
        token = parts[2];
        return true;
    }

    private static char SortLetter(SearchSort sort) => sort switch
    {
        SearchSort.Newest => 'n',
        SearchSort.Upvotes => 'u',
        _ => 'r',
    };
}
