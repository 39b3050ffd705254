namespace PaperBot.Library;

/// <summary>A button the command module renders; <see cref="CustomId"/> fits Discord's 100-character limit.</summary>
public sealed record LibraryButton(string CustomId, string Label, bool Danger = false, bool Disabled = false);

/// <summary>What a /library command answers, independent of the interaction framework that sends it.</summary>
public sealed record LibraryReply(string Content, bool Ephemeral = true)
{
    public LibraryExportFile? Attachment { get; init; }

    public IReadOnlyList<LibraryButton> Buttons { get; init; } = [];
}

/// <summary>The custom ids of the library's buttons. Each names the user it belongs to, so only they can press it.</summary>
public static class LibraryCustomIds
{
    public const string ListPrefix = "library:list:";
    public const string ForgetPrefix = "library:forget:";

    public static string List(ulong userId, int page, string? query)
    {
        var id = $"{ListPrefix}{userId}:{page}:{query ?? ""}";
        return id.Length <= 100 ? id : id[..100];
    }

    public static bool TryParseList(string customId, out ulong userId, out int page, out string query)
    {
        userId = 0;
        page = 0;
        query = "";
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

        query = parts.Length == 3 ? parts[2] : "";
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
