namespace PaperBot.Digest;

/// <summary>
/// When each channel's digest is due. Pure: the time and the subscription in, an instant out.
/// A subscription owes one batch per allowed local date, at its local time in its IANA zone:
/// a time skipped by a spring-forward change fires at the first valid minute after the gap, and a
/// time repeated by a fall-back change fires at its first occurrence only.
/// </summary>
public static class DigestSchedule
{
    // Far more than any gap in the tz database (Samoa skipped a whole day in 2011).
    private const int MaxGapMinutes = 48 * 60;

    /// <summary>
    /// The instant of the next batch owed: the first allowed local date after
    /// <see cref="DigestSubscription.LastBatchDate"/> whose posting time is after
    /// <see cref="DigestSubscription.CreatedAt"/>. It depends on the subscription alone, so the digest store keeps it
    /// beside the row. It may be earlier than now: then the batch is due now (see <see cref="DueBatchDate"/> for
    /// which date it stands for).
    /// </summary>
    public static DateTimeOffset NextRun(DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZoneId);
        var date = FirstCandidate(subscription, zone);
        for (var i = 0; i < 3660; i++, date = date.AddDays(1))
        {
            if (!IsAllowed(date, subscription.Days))
            {
                continue;
            }

            var fire = FireTime(date, subscription.Time, zone);
            if (fire > subscription.CreatedAt)
            {
                return fire;
            }
        }

        // Unreachable for any real zone: a posting time exists within a week of any date.
        throw new InvalidOperationException($"No posting time found for channel {subscription.ChannelId} within ten years.");
    }

    /// <summary>
    /// The local date of the batch owed at <paramref name="now"/>, or null when nothing is due.
    /// After downtime spanning several posting times this is the latest missed date only, so a
    /// channel gets one batch on start-up, not one per missed day.
    /// </summary>
    public static DateOnly? DueBatchDate(DateTimeOffset now, DigestSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (NextRun(subscription) > now)
        {
            return null;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(subscription.TimeZoneId);
        var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(1);
        for (var i = 0; i < 3660; i++, date = date.AddDays(-1))
        {
            if (IsAllowed(date, subscription.Days) && FireTime(date, subscription.Time, zone) <= now)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>The instant <paramref name="time"/> happens on local <paramref name="date"/> in <paramref name="zone"/>.</summary>
    public static DateTimeOffset FireTime(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);

        // Spring forward: walk to the first minute that exists, i.e. the end of the gap.
        for (var i = 0; i < MaxGapMinutes && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            // Fall back: the larger offset is the earlier occurrence; fire on that one only.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    public static bool IsAllowed(DateOnly date, DigestDays days) =>
        days == DigestDays.Daily || date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>Tries an IANA id (or a Windows id the runtime can map) and returns the zone.</summary>
    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    private static DateOnly FirstCandidate(DigestSubscription subscription, TimeZoneInfo zone)
    {
        // The local day before creation: in zones far from UTC a posting time on it can still lie
        // after CreatedAt, and starting one day early costs one iteration.
        var fromCreation = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(subscription.CreatedAt, zone).DateTime).AddDays(-1);
        return subscription.LastBatchDate is { } last && last.AddDays(1) > fromCreation ? last.AddDays(1) : fromCreation;
    }
}
