using System.Globalization;
using PaperBot.Digest;

namespace PaperBot.Club;

/// <summary>
/// A channel's club calendar: its time zone and reminder time are those of its digest subscription, or
/// <see cref="ClubOptions"/>' defaults without one. Session dates are local dates in that zone.
/// </summary>
public sealed class ClubCalendar(DigestSubscriptionStore digests, Microsoft.Extensions.Options.IOptions<ClubOptions> options)
{
    public async Task<ClubClock> ForChannelAsync(ulong channelId, CancellationToken cancellationToken)
    {
        var subscription = await digests.GetAsync(channelId, cancellationToken).ConfigureAwait(false);
        if (subscription is not null && DigestSchedule.TryFindZone(subscription.TimeZoneId, out var zone))
        {
            return new ClubClock(zone, subscription.Time, FromDigest: true);
        }

        return new ClubClock(
            DigestSchedule.TryFindZone(options.Value.DefaultTimeZone, out var fallback) ? fallback : TimeZoneInfo.Utc,
            options.Value.DefaultReminderTime,
            FromDigest: false);
    }

    /// <summary>A date as typed: <c>yyyy-MM-dd</c> only, so nobody wonders whether 03/04 is March or April.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

/// <summary>A channel's zone and reminder time.</summary>
public sealed record ClubClock(TimeZoneInfo Zone, TimeOnly ReminderTime, bool FromDigest)
{
    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);

    /// <summary>The day before the session at the reminder time, local to the channel (DST handled as the digest does).</summary>
    public DateTimeOffset ReminderFor(DateOnly session) => DigestSchedule.FireTime(session.AddDays(-1), ReminderTime, Zone);
}
