using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>
/// The bot gives the collector's free memory back when its committed heap has grown past the threshold since the
/// last time, once a look and never for growth below the threshold.
/// </summary>
public sealed class MemoryTrimTests
{
    private const long Mb = 1024 * 1024;

    [Fact]
    public async Task Run_HeapGrowsAndShrinks_CollectsOnlyWhenGrownPastTheThresholdSinceTheLastCollection()
    {
        // The committed size at each look; the look right after a collection reads again.
        var readings = new Queue<long>(
        [
            40 * Mb,       // what the start-up left: collected...
            12 * Mb,       // ...and read again: the baseline
            26 * Mb,       // 14 MB above it: left alone
            27 * Mb,       // 15 MB above: left alone
            61 * Mb,       // after a digest, 49 MB above: collected...
            30 * Mb,       // ...and it could only come down to here (more is alive): the new baseline
            44 * Mb,       // 14 MB above the new baseline (32 above the old one): left alone
            47 * Mb,       // 17 MB above: collected
            14 * Mb,
        ]);
        var (collections, looks) = await RunAsync(readings, looksToWaitFor: 9, new BotOptions());

        // Collected right after the first, the fifth and the eighth reading.
        Assert.Equal([1, 5, 8], collections);
        Assert.True(looks >= 9, $"{looks} looks");
    }

    [Fact]
    public async Task Start_LooksBeforeItReturnsAndBeforeTheFirstInterval()
    {
        var time = new FakeTimeProvider();
        var collected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var nativeTrimmed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readings = new Queue<long>([40 * Mb, 12 * Mb]);
        using var trim = new MemoryTrim(
            Options.Create(new BotOptions()),
            time,
            NullLogger<MemoryTrim>.Instance,
            () => readings.Count > 0 ? readings.Dequeue() : 12 * Mb,
            () => collected.TrySetResult(),
            () => 30 * Mb,
            () => nativeTrimmed.TrySetResult());

        // The clock never moves: what the start-up left is given back by the time the service has started (so
        // before the gateway, which starts after it), all the same.
        await trim.StartAsync(CancellationToken.None);
        Assert.True(collected.Task.IsCompleted, "not collected at start");
        Assert.True(nativeTrimmed.Task.IsCompleted, "the C heap not trimmed at start");
        await trim.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Run_SwitchedOff_NeitherLooksNorCollects()
    {
        var readings = new Queue<long>([90 * Mb, 90 * Mb]);
        var (collections, looks) = await RunAsync(readings, looksToWaitFor: 0, new BotOptions { TrimMemory = false });

        Assert.Empty(collections);
        Assert.Equal(0, looks);
    }

    [Fact]
    public async Task Bot_Started_TrimsAtOnce()
    {
        // The harness switches the trim off for every other bot test; this one runs it as the bot does.
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Bot:TrimMemory"] = "true" });

        // Started after the warm-up (which loads the model) and before the gateway (whose shards identify next).
        var services = bot.Host.Services.GetServices<IHostedService>().ToList();
        var trim = services.FindIndex(s => s is MemoryTrim);
        Assert.True(trim > services.FindIndex(s => s is InteractionWarmUp), "the trim starts before the warm-up");
        Assert.True(trim < services.FindIndex(s => s is BotGatewayService), "the trim starts after the gateway");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!bot.Logs.AllText.Contains("Gave memory back to the system: collector heap", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "no trim logged at the bot's start");
            await Task.Delay(20);
        }

        bot.AssertClean();
    }

    [Theory]
    [InlineData(40, 12, true)]
    [InlineData(28, 12, false)]
    [InlineData(29, 12, true)]
    [InlineData(17, 0, true)]
    public void Decide_GrownPastTheThreshold_Collects(long committedMb, long baselineMb, bool expected) =>
        Assert.Equal(expected, MemoryTrim.Decide(committedMb * Mb, baselineMb * Mb));

    [Fact]
    public async Task Run_CHeapHoldsFreeMemory_GivesItBackAtEachLookPastTheThreshold()
    {
        // The collector's heap stays small throughout: only the C heap's free bytes decide.
        var committed = new Queue<long>(Enumerable.Repeat(4 * Mb, 6));
        var native = new Queue<long?>([20 * Mb, 4 * Mb, 9 * Mb, 8 * Mb, null, 30 * Mb]);
        var nativeTrims = new List<int>();
        var (collections, _) = await RunAsync(committed, looksToWaitFor: 6, new BotOptions(), native, nativeTrims);

        Assert.Empty(collections);
        Assert.Equal([1, 3, 6], nativeTrims);
    }

    [Fact]
    public void NativeHeap_FreedCMemory_IsCountedAndItsPagesGivenBack()
    {
        if (!OperatingSystem.IsLinux())
        {
            // Read on Linux with glibc only; elsewhere the trim leaves the C heap alone.
            Assert.Null(NativeHeap.FreeBytes());
            return;
        }

        // 96 MB in small blocks (below malloc's mmap threshold, so they come from an arena), all freed but the last,
        // which keeps the freed space below it from being returned by free() itself.
        const int blocks = 96 * 1024 * 4;
        var pointers = new nint[blocks];
        var ones = Enumerable.Repeat((byte)1, 256).ToArray();
        for (var i = 0; i < blocks; i++)
        {
            pointers[i] = Marshal.AllocHGlobal(256);
            Marshal.Copy(ones, 0, pointers[i], ones.Length);
        }

        for (var i = 0; i < blocks - 1; i++)
        {
            Marshal.FreeHGlobal(pointers[i]);
        }

        try
        {
            Assert.True(NativeHeap.FreeBytes() >= 90 * Mb, $"{NativeHeap.FreeBytes() / Mb} MB free");
            var before = ResidentAnonymousBytes();
            NativeHeap.Trim();
            var given = before - ResidentAnonymousBytes();
            Assert.True(given >= 48 * Mb, $"{given / Mb} MB given back");
        }
        finally
        {
            Marshal.FreeHGlobal(pointers[^1]);
        }
    }

    private static long ResidentAnonymousBytes() =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssAnon:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    /// <summary>Runs the service's loop on a fake clock, one interval at a time, until it has looked that often.</summary>
    private static async Task<(List<int> Collections, int Looks)> RunAsync(
        Queue<long> readings, int looksToWaitFor, BotOptions options, Queue<long?>? native = null, List<int>? nativeTrims = null)
    {
        var time = new FakeTimeProvider();
        var looks = 0;
        var collections = new List<int>();
        var looked = new SemaphoreSlim(0);
        long Read()
        {
            Interlocked.Increment(ref looks);
            looked.Release();
            return readings.Count > 0 ? readings.Dequeue() : 0;
        }

        using var trim = new MemoryTrim(
            Options.Create(options),
            time,
            NullLogger<MemoryTrim>.Instance,
            Read,
            () => collections.Add(Volatile.Read(ref looks)),
            () => native is { Count: > 0 } ? native.Dequeue() : null,
            () => nativeTrims?.Add(Volatile.Read(ref looks)));
        await trim.StartAsync(CancellationToken.None);
        // The loop arms its next wait on its own thread: move the clock an interval at a time until it has looked
        // often enough (a move before it is armed just passes without a look).
        var seen = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (seen < looksToWaitFor)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The loop stopped looking after {seen} looks.");
            time.Advance(options.TrimMemoryInterval);
            while (await looked.WaitAsync(TimeSpan.FromMilliseconds(50)))
            {
                seen++;
            }
        }

        await trim.StopAsync(CancellationToken.None);
        return (collections, Volatile.Read(ref looks));
    }
}
