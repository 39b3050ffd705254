using System.Globalization;
using PaperBot.Digest;

namespace PaperBot.Tests.Digest;

public sealed class DigestScheduleTests
{
    private static readonly string[] Zones =
    [
        "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata",
        "Pacific/Chatham", "America/St_Johns", "UTC",
    ];

    private static DigestSubscription Subscription(string zone, TimeOnly time, DigestDays days = DigestDays.Daily, DateTimeOffset? created = null, DateOnly? last = null) => new()
    {
        ChannelId = 1,
        GuildId = 2,
        TimeZoneId = zone,
        Time = time,
        Days = days,
        CreatedAt = created ?? new DateTimeOffset(2024, 12, 1, 0, 0, 0, TimeSpan.Zero),
        LastBatchDate = last,
    };

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    // Berlin: 09:00 local is 08:00Z in winter and 07:00Z in summer, on both sides of each change.
    [InlineData("Europe/Berlin", "2025-03-29", "09:00", "2025-03-29T08:00:00Z")]
    [InlineData("Europe/Berlin", "2025-03-30", "09:00", "2025-03-30T07:00:00Z")]
    [InlineData("Europe/Berlin", "2025-10-25", "09:00", "2025-10-25T07:00:00Z")]
    [InlineData("Europe/Berlin", "2025-10-26", "09:00", "2025-10-26T08:00:00Z")]
    [InlineData("America/New_York", "2025-03-08", "09:00", "2025-03-08T14:00:00Z")]
    [InlineData("America/New_York", "2025-03-09", "09:00", "2025-03-09T13:00:00Z")]
    [InlineData("America/New_York", "2025-11-02", "09:00", "2025-11-02T14:00:00Z")]
    // Southern hemisphere: summer time from October to April.
    [InlineData("Australia/Sydney", "2025-01-15", "09:00", "2025-01-14T22:00:00Z")]
    [InlineData("Australia/Sydney", "2025-07-15", "09:00", "2025-07-14T23:00:00Z")]
    [InlineData("Asia/Kolkata", "2025-06-02", "09:00", "2025-06-02T03:30:00Z")]
    [InlineData("Pacific/Chatham", "2025-01-15", "09:00", "2025-01-14T19:15:00Z")]
    [InlineData("Pacific/Chatham", "2025-07-15", "09:00", "2025-07-14T20:15:00Z")]
    [InlineData("America/St_Johns", "2025-01-15", "09:00", "2025-01-15T12:30:00Z")]
    [InlineData("America/St_Johns", "2025-07-15", "09:00", "2025-07-15T11:30:00Z")]
    [InlineData("UTC", "2025-07-15", "09:00", "2025-07-15T09:00:00Z")]
    public void FireTime_OrdinaryDays_IsLocalTimeInZone(string zone, string date, string time, string expectedUtc)
    {
        var fire = DigestSchedule.FireTime(DateOnly.Parse(date, CultureInfo.InvariantCulture), TimeOnly.Parse(time, CultureInfo.InvariantCulture), Zone(zone));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), fire);
        Assert.Equal(TimeOnly.Parse(time, CultureInfo.InvariantCulture), TimeOnly.FromDateTime(fire.DateTime));
    }

    [Theory]
    // Skipped local times fire at the first minute after the gap.
    [InlineData("Europe/Berlin", "2025-03-30", "02:30", "2025-03-30T01:00:00Z")]
    [InlineData("America/New_York", "2025-03-09", "02:00", "2025-03-09T07:00:00Z")]
    [InlineData("Australia/Sydney", "2025-10-05", "02:30", "2025-10-04T16:00:00Z")]
    [InlineData("Pacific/Chatham", "2025-09-28", "03:00", "2025-09-27T14:00:00Z")]
    [InlineData("America/St_Johns", "2025-03-09", "02:15", "2025-03-09T05:30:00Z")]
    public void FireTime_SpringForwardGap_FiresAtEndOfGap(string zone, string date, string time, string expectedUtc)
    {
        var fire = DigestSchedule.FireTime(DateOnly.Parse(date, CultureInfo.InvariantCulture), TimeOnly.Parse(time, CultureInfo.InvariantCulture), Zone(zone));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), fire);
        Assert.False(Zone(zone).IsInvalidTime(fire.DateTime));
    }

    [Theory]
    // Repeated local times fire at the first occurrence (summer offset).
    [InlineData("Europe/Berlin", "2025-10-26", "02:30", "2025-10-26T00:30:00Z")]
    [InlineData("America/New_York", "2025-11-02", "01:30", "2025-11-02T05:30:00Z")]
    [InlineData("Australia/Sydney", "2025-04-06", "02:30", "2025-04-05T15:30:00Z")]
    [InlineData("Pacific/Chatham", "2025-04-06", "03:00", "2025-04-05T13:15:00Z")]
    public void FireTime_FallBackRepeatedHour_FiresAtFirstOccurrence(string zone, string date, string time, string expectedUtc)
    {
        var fire = DigestSchedule.FireTime(DateOnly.Parse(date, CultureInfo.InvariantCulture), TimeOnly.Parse(time, CultureInfo.InvariantCulture), Zone(zone));

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), fire);
    }

    [Fact]
    public void NextRun_SimulatedYearInEveryZone_FiresOncePerLocalDateAtLocalTime()
    {
        string[] times = ["00:00", "00:30", "01:30", "02:00", "02:30", "02:45", "03:00", "09:00", "23:59"];
        foreach (var zoneId in Zones)
        {
            var zone = Zone(zoneId);
            foreach (var timeText in times)
            {
                var time = TimeOnly.Parse(timeText, CultureInfo.InvariantCulture);
                var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
                var subscription = Subscription(zoneId, time, created: now);
                var end = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                var fired = new List<(DateOnly Date, DateTimeOffset At)>();
                while (true)
                {
                    var next = DigestSchedule.NextRun(subscription);
                    if (next >= end)
                    {
                        break;
                    }

                    // A loop that wakes at `next` sees exactly one due date: the one it woke for.
                    var due = DigestSchedule.DueBatchDate(next, subscription);
                    Assert.NotNull(due);
                    Assert.Null(DigestSchedule.DueBatchDate(next.AddTicks(-1), subscription));
                    fired.Add((due.Value, next));
                    subscription = subscription with { LastBatchDate = due };
                    now = next;
                }

                var context = $"{zoneId} {timeText}";
                // One year of instants holds 364 to 366 local posting times depending on the offset.
                Assert.True(fired.Count is >= 364 and <= 366, $"{context}: {fired.Count} batches");
                Assert.True(fired.Zip(fired.Skip(1)).All(p => p.Second.Date == p.First.Date.AddDays(1)), $"{context}: a local date was skipped or repeated");
                Assert.True(fired.Zip(fired.Skip(1)).All(p => p.Second.At > p.First.At), context);
                foreach (var (date, at) in fired)
                {
                    var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
                    if (zone.IsInvalidTime(date.ToDateTime(time)))
                    {
                        Assert.True(local > date.ToDateTime(time) && local - date.ToDateTime(time) <= TimeSpan.FromHours(1), $"{context} {date}: {local:O}");
                    }
                    else
                    {
                        Assert.Equal(date.ToDateTime(time), local);
                    }
                }
            }
        }
    }

    [Fact]
    public void NextRun_Weekdays_SkipsLocalSaturdayAndSunday()
    {
        // Friday 2025-06-13 10:00 in Sydney; Monday 09:00 Sydney is still Sunday in UTC.
        var friday = new DateTimeOffset(2025, 6, 13, 10, 0, 0, TimeSpan.FromHours(10));
        var subscription = Subscription("Australia/Sydney", new TimeOnly(9, 0), DigestDays.Weekdays, last: new DateOnly(2025, 6, 13));

        var next = DigestSchedule.NextRun(subscription);

        Assert.Equal(new DateTimeOffset(2025, 6, 15, 23, 0, 0, TimeSpan.Zero), next);
        Assert.Equal(DayOfWeek.Sunday, next.UtcDateTime.DayOfWeek);
    }

    [Fact]
    public void DueBatchDate_AfterDowntimeOverSeveralPostingTimes_OwesOnlyTheLatestDate()
    {
        var subscription = Subscription("Europe/Berlin", new TimeOnly(9, 0), DigestDays.Daily, last: new DateOnly(2025, 6, 2));
        var afterDowntime = new DateTimeOffset(2025, 6, 5, 12, 0, 0, TimeSpan.FromHours(2));

        Assert.True(DigestSchedule.NextRun(subscription) < afterDowntime);
        var due = DigestSchedule.DueBatchDate(afterDowntime, subscription);

        Assert.Equal(new DateOnly(2025, 6, 5), due);
        var caughtUp = subscription with { LastBatchDate = due };
        Assert.Null(DigestSchedule.DueBatchDate(afterDowntime, caughtUp));
        Assert.Equal(new DateTimeOffset(2025, 6, 6, 9, 0, 0, TimeSpan.FromHours(2)), DigestSchedule.NextRun(caughtUp));
    }

    [Fact]
    public void NextRun_SubscribedAfterTodaysTime_FirstBatchIsTomorrow()
    {
        var created = new DateTimeOffset(2025, 6, 5, 10, 0, 0, TimeSpan.FromHours(-4));
        var subscription = Subscription("America/New_York", new TimeOnly(9, 0), DigestDays.Daily, created);

        Assert.Null(DigestSchedule.DueBatchDate(created, subscription));
        Assert.Equal(new DateTimeOffset(2025, 6, 6, 9, 0, 0, TimeSpan.FromHours(-4)), DigestSchedule.NextRun(subscription));
    }

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("Pacific/Chatham", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("", false)]
    public void TryFindZone_Ids_RecognizesIanaZones(string id, bool expected)
    {
        Assert.Equal(expected, DigestSchedule.TryFindZone(id, out _));
    }
}
