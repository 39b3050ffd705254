using System.Globalization;
using PaperBot.Interactions;
using PaperBot.Papers.Search;

namespace PaperBot.Lookup;

/// <summary>
/// The state of a paged search travels in the ◀ ▶ buttons' custom_id: <c>ps:&lt;page&gt;:&lt;sort&gt;:q:&lt;query&gt;</c>
/// when the query fits in Discord's 100 characters, else <c>ps:&lt;page&gt;:&lt;sort&gt;:h:&lt;handle&gt;</c> (see
/// <see cref="QueryTokens"/>). So paging survives restarts, and an expired handle gets a clear "run it again" answer.
/// </summary>
public sealed class SearchPaging(QueryTokens tokens)
{
    public const string Prefix = "ps:";

    // Room for the longest page number and sort letter, so a token never pushes a later page past 100.
    private const int Overhead = 12;

    public Task<string> TokenForAsync(string query, CancellationToken cancellationToken) => tokens.TokenForAsync(query, Overhead, cancellationToken);

    /// <summary>The query behind a token; null when its handle expired or never existed.</summary>
    public Task<string?> ResolveAsync(string token, CancellationToken cancellationToken) => tokens.ResolveAsync(token, cancellationToken);

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
