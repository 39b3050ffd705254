using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;
using Reading = PaperBot.Hosting.IdleMemoryTrim.Reading;

namespace PaperBot.Tests.Hosting;

/// <summary>
/// The bot gives memory back once it is quiet after a burst, and only then: never while it is busy, never twice for
/// one burst.
/// </summary>
public sealed class IdleMemoryTrimTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public async Task Run_BurstThenQuiet_CollectsOnceWhenQuietAndNotAgainWithoutNewGrowth()
    {
        // Allocated and committed bytes at the start and at each look; the look after a collection reads again.
        var readings = new Queue<Reading>(
        [
            new(0, 10 * Mb),              // start: the baseline
            new(400 * Mb, 60 * Mb),       // a digest posting: busy, not collected
            new(402 * Mb, 60 * Mb),       // the burst is over, 50 MB above the baseline: collected...
            new(402 * Mb, 30 * Mb),       // ...and read again: the new baseline
            new(403 * Mb, 40 * Mb),       // quiet, 10 MB above the last collection (30 above the start)
            new(483 * Mb, 44 * Mb),       // a smaller burst, grown less than the threshold
            new(484 * Mb, 47 * Mb),       // over, 17 MB above the last collection: collected again
            new(484 * Mb, 31 * Mb),
            new(485 * Mb, 49 * Mb),       // a steady trickle since: 18 MB above, but no burst has ended
            new(486 * Mb, 50 * Mb),
        ]);
        var (collections, looks) = await RunAsync(readings, looksToWaitFor: 10, new BotOptions());

        // Collected right after the third and the seventh look.
        Assert.Equal([3, 7], collections);
        Assert.True(looks >= 10, $"{looks} looks");
    }

    [Fact]
    public async Task Run_BusyAllAlong_NeverCollects()
    {
        var readings = new Queue<Reading>(Enumerable.Range(0, 6).Select(i => new Reading(i * 100 * Mb, (10 + (i * 20)) * Mb)));
        var (collections, _) = await RunAsync(readings, looksToWaitFor: 6, new BotOptions());

        Assert.Empty(collections);
    }

    [Fact]
    public async Task Run_SwitchedOff_NeitherLooksNorCollects()
    {
        var readings = new Queue<Reading>([new(0, 10 * Mb), new(Mb, 90 * Mb), new(Mb, 90 * Mb)]);
        var (collections, looks) = await RunAsync(readings, looksToWaitFor: 0, new BotOptions { IdleTrim = false });

        Assert.Empty(collections);
        Assert.Equal(0, looks);
    }

    [Fact]
    public async Task Bot_Started_RunsTheTrim()
    {
        await using var bot = await BotHarness.StartAsync();

        Assert.Single(bot.Host.Services.GetServices<IHostedService>().OfType<IdleMemoryTrim>());
        bot.AssertClean();
    }

    [Theory]
    [InlineData(3, 100, 40, true)]
    [InlineData(60, 100, 40, false)]
    [InlineData(3, 100, 15, false)]
    [InlineData(17, 17, 40, false)]
    public void Decide_BurstOverAndHeapGrown_OnlyBoth(long allocatedMb, long busiestMb, long grownMb, bool expected) =>
        Assert.Equal(expected, IdleMemoryTrim.Decide(allocatedMb * Mb, busiestMb * Mb, grownMb * Mb));

    /// <summary>Runs the service's loop on a fake clock, one interval at a time, until it has looked that often.</summary>
    private static async Task<(List<int> Collections, int Looks)> RunAsync(Queue<Reading> readings, int looksToWaitFor, BotOptions options)
    {
        var time = new FakeTimeProvider();
        var looks = 0;
        var collections = new List<int>();
        var looked = new SemaphoreSlim(0);
        Reading Read()
        {
            Interlocked.Increment(ref looks);
            looked.Release();
            return readings.Count > 0 ? readings.Dequeue() : new Reading(long.MaxValue / 2, 0);
        }

        using var trim = new IdleMemoryTrim(Options.Create(options), time, NullLogger<IdleMemoryTrim>.Instance, Read, () => collections.Add(Volatile.Read(ref looks)));
        await trim.StartAsync(CancellationToken.None);
        var seen = 0;
        while (seen < looksToWaitFor)
        {
            Assert.True(await looked.WaitAsync(TimeSpan.FromSeconds(10)), $"The loop stopped looking after {seen} looks.");
            seen++;
            // After a collection the loop reads again before it waits: let it, then move the clock.
            while (await looked.WaitAsync(TimeSpan.FromMilliseconds(50)))
            {
                seen++;
            }

            time.Advance(options.IdleTrimInterval);
        }

        await trim.StopAsync(CancellationToken.None);
        return (collections, Volatile.Read(ref looks));
    }
}
