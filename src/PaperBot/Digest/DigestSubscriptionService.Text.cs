using System.Globalization;
using PaperBot.Chat;
using PaperBot.Discord.Limits;

namespace PaperBot.Digest;

/// <summary>The texts and option parsing of <c>/digest</c>.</summary>
public sealed partial class DigestSubscriptionService
{
    // Reading the system's zone database takes a noticeable moment the first time; autocomplete must answer at once.
    private static readonly Lazy<string[]> ZoneIds = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/', StringComparison.Ordinal) || id == "UTC")]);

    /// <summary>Loads the zone list so the first time zone autocomplete does not pay for it.</summary>
    public static void LoadTimeZones() => _ = ZoneIds.Value;

    /// <summary>Up to 25 IANA zone ids containing what the user typed, prefix matches first.</summary>
    public static IReadOnlyList<string> AutocompleteTimeZones(string? typed)
    {
        var query = (typed ?? "").Trim();
        return [.. ZoneIds.Value
            .Where(id => query.Length == 0 || id.Contains(query, StringComparison.OrdinalIgnoreCase) || id.Replace('_', ' ').Contains(query, StringComparison.OrdinalIgnoreCase))
            .OrderBy(id => id.StartsWith(query, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(id => id, StringComparer.Ordinal)
            .Take(DiscordLimits.AutocompleteChoices)];
    }

    internal static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    internal static bool TryParseDays(string text, out DigestDays days)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "weekdays":
                days = DigestDays.Weekdays;
                return true;
            case "daily":
                days = DigestDays.Daily;
                return true;
            default:
                days = default;
                return false;
        }
    }

    internal static bool TryParseLike(string text, out DigestLike like)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "saves":
                like = DigestLike.Saves;
                return true;
            case "topics" or "off":
                like = DigestLike.Topics;
                return true;
            default:
                like = default;
                return false;
        }
    }

    /// <summary>What a <c>like: saves</c> channel's order rests on, without promising what is not there.</summary>
    private static string TasteText(IReadOnlyList<TastePaper> saved)
    {
        var usable = saved.Count(s => s.Vector is not null);
        if (usable == 0)
        {
            return "No paper has been saved from this channel's posts yet (react 🔖 on a post to save it): until one is, papers keep the topic order.";
        }

        return usable == 1
            ? "Papers close to the 1 paper saved from this channel's posts come first."
            : string.Create(CultureInfo.InvariantCulture, $"Papers close to the {usable} papers saved from this channel's posts come first.");
    }

    private DateOnly LocalToday(DigestSubscription subscription)
    {
        var zone = DigestSchedule.TryFindZone(subscription.TimeZoneId, out var z) ? z : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), zone).DateTime);
    }

    private static string Describe(DigestSubscription s)
    {
        var topics = TopicsText(s) is { } t ? $"topics {t}" : "all topics";
        var days = s.Days == DigestDays.Daily ? "every day" : "on weekdays";
        var like = s.Like == DigestLike.Saves ? ", like: saves (ranked by closeness to what members saved here)" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{s.Time:HH:mm} {s.TimeZoneId} {days}, up to {s.Max} papers, {topics}{like}");
    }

    // A digest holds papers that reached the store since its last batch (or, for a first batch, shortly
    // before the subscription): say which window and which topics came up empty.
    private static string NothingNew(DigestSubscription s, DateTimeOffset since)
    {
        var what = TopicsText(s) is { } t ? $"this channel's topics {t}" : "this channel's digest";
        return $"No papers new to PaperBot since {Timestamp(since)} match {what} (new papers arrive with each Hugging Face and arXiv ingest)";
    }

    /// <summary>The topics as inline code, or null for all topics.</summary>
    private static string? TopicsText(DigestSubscription s) =>
        s.Topics is { Length: > 0 } t ? DiscordMarkdown.Code(DiscordText.Truncate(t, 200)) : null;

    private static string Timestamp(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"<t:{at.ToUnixTimeSeconds()}:F>");
}
