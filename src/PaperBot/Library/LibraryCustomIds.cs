namespace PaperBot.Library;

/// <summary>The custom ids of the library's buttons. Each names the user it belongs to, so only they can press it.</summary>
public static class LibraryCustomIds
{
    public const string ListPrefix = "library:list:";
    public const string ForgetPrefix = "library:forget:";

    /// <summary>
    /// What a list button's custom_id holds besides the query token: the prefix, a user id of up to 20 digits,
    /// a page of up to 4 and two separators.
    /// </summary>
    public static readonly int ListOverhead = ListPrefix.Length + 20 + 1 + 4 + 1;

    /// <summary>
    /// A list page's button id. <paramref name="queryToken"/> stands for the query (empty for none; see
    /// <c>SearchPaging.TokenForAsync</c>): a query cut to fit would page through another search.
    /// </summary>
    public static string List(ulong userId, int page, string queryToken)
    {
        var id = $"{ListPrefix}{userId}:{page}:{queryToken}";
        return id.Length <= 100 ? id : throw new ArgumentException($"The query token makes a custom_id of {id.Length} characters; the limit is 100.", nameof(queryToken));
    }

    public static bool TryParseList(string customId, out ulong userId, out int page, out string queryToken)
    {
        userId = 0;
        page = 0;
        queryToken = "";
        if (!customId.StartsWith(ListPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = customId[ListPrefix.Length..].Split(':', 3);
        if (parts.Length < 2 || !ulong.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out userId)
            || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out page))
        {
            return false;
        }

        queryToken = parts.Length == 3 ? parts[2] : "";
        return true;
    }

    public static string Forget(ulong userId) => $"{ForgetPrefix}{userId}";

    public static bool TryParseForget(string customId, out ulong userId)
    {
        userId = 0;
        return customId.StartsWith(ForgetPrefix, StringComparison.Ordinal)
            && ulong.TryParse(customId.AsSpan(ForgetPrefix.Length), System.Globalization.CultureInfo.InvariantCulture, out userId);
    }
}
