using System.Globalization;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Limits;

/// <summary>Checks thread payloads against Discord's documented limits before they are sent.</summary>
public static class ThreadPayloadValidator
{
    public static void Validate(StartThreadFromMessage thread)
    {
        ArgumentNullException.ThrowIfNull(thread);
        ValidateName(thread.Name);
        ValidateDuration(thread.AutoArchiveDuration);
        if (thread.RateLimitPerUser is < 0 or > DiscordLimits.MaxSlowModeSeconds)
        {
            throw new DiscordPayloadException("rate_limit_per_user", string.Create(CultureInfo.InvariantCulture, $"{thread.RateLimitPerUser} seconds; must be 0-{DiscordLimits.MaxSlowModeSeconds}."));
        }
    }

    public static void Validate(ModifyThread modify)
    {
        ArgumentNullException.ThrowIfNull(modify);
        if (modify.Name is { } name)
        {
            ValidateName(name);
        }

        ValidateDuration(modify.AutoArchiveDuration);
    }

    private static void ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > DiscordLimits.ChannelName)
        {
            throw new DiscordPayloadException("name", string.Create(CultureInfo.InvariantCulture, $"A thread name is 1-{DiscordLimits.ChannelName} characters; this one has {name?.Length ?? 0}."));
        }
    }

    private static void ValidateDuration(int? minutes)
    {
        if (minutes is { } m && !DiscordLimits.ThreadArchiveDurations.Contains(m))
        {
            throw new DiscordPayloadException("auto_archive_duration", string.Create(CultureInfo.InvariantCulture, $"{m} minutes; must be one of {string.Join(", ", DiscordLimits.ThreadArchiveDurations)}."));
        }
    }
}
