using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Hosting;

/// <summary>
/// Gives memory back to the system once the bot goes quiet after a burst of work. A digest for thousands of
/// channels or a wave of commands leaves the collector's heap tens of megabytes above what is still alive: what
/// the burst promoted and then dropped waits in gen2 until the collector next needs room, which a quiet bot
/// may never do (after a 10,000-channel digest a process kept 41-61 MB committed for 12 MB alive:
/// docs/benchmarks.md, fleet). So every <see cref="BotOptions.IdleTrimInterval"/> this looks at how much was
/// allocated since the last look and how far the committed heap has grown since the last trim
/// (<see cref="Decide"/>); when a burst has ended and left the heap grown, it runs one compacting collection that
/// returns free memory to the system. A bot under steady load is not paused by it: its own collections reuse the
/// space. <c>Bot:IdleTrim = false</c> turns it off.
/// </summary>
internal sealed partial class IdleMemoryTrim : BackgroundService
{
    private readonly BotOptions settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<IdleMemoryTrim> logger;
    private readonly Func<Reading> read;
    private readonly Action collect;

    public IdleMemoryTrim(IOptions<BotOptions> options, TimeProvider timeProvider, ILogger<IdleMemoryTrim> logger)
        : this(options, timeProvider, logger, ReadProcess, CollectAggressively)
    {
    }

    /// <summary>With the process's readings and the collection given (for tests).</summary>
    internal IdleMemoryTrim(IOptions<BotOptions> options, TimeProvider timeProvider, ILogger<IdleMemoryTrim> logger, Func<Reading> read, Action collect)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.read = read;
        this.collect = collect;
    }

    /// <summary>Growth of the committed heap since the last trim that is worth a collection.</summary>
    public const long GrowthBytes = 16L * 1024 * 1024;

    /// <summary>One look at the process's memory.</summary>
    internal readonly record struct Reading(long AllocatedBytes, long CommittedBytes);

    /// <summary>
    /// Whether to trim now: the committed heap is more than <see cref="GrowthBytes"/> above where the last trim (or
    /// the start) left it, and a burst has ended: this interval allocated less than half of the busiest interval
    /// since then. Relative, not a fixed rate, because what an idle bot allocates grows with what it serves (its
    /// schedule checks read every subscription: 17 MB in 30 s at 2,000 channels); a steady rate, high or low, is
    /// never a burst's end.
    /// </summary>
    internal static bool Decide(long allocated, long busiestInterval, long grown) =>
        grown > GrowthBytes && allocated * 2 < busiestInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.IdleTrim)
        {
            return;
        }

        var previous = read();
        var baseline = previous.CommittedBytes;
        var busiest = 0L;
        try
        {
            while (true)
            {
                await Task.Delay(settings.IdleTrimInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                var now = read();
                var allocated = now.AllocatedBytes - previous.AllocatedBytes;
                busiest = Math.Max(busiest, allocated);
                if (Decide(allocated, busiest, now.CommittedBytes - baseline))
                {
                    collect();
                    var after = read();
                    Log.Trimmed(logger, now.CommittedBytes / (1024 * 1024), after.CommittedBytes / (1024 * 1024));
                    baseline = after.CommittedBytes;
                    busiest = 0;
                    now = after;
                }

                previous = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // The committed bytes are as of the last collection: between collections the heap only grows by gen0's
    // budget, which the growth threshold leaves room for.
    private static Reading ReadProcess() => new(GC.GetTotalAllocatedBytes(precise: false), GC.GetGCMemoryInfo().TotalCommittedBytes);

    // Aggressive: compacts every generation and decommits what the compaction freed, where a plain full
    // collection keeps the free space committed for the next burst.
    private static void CollectAggressively() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6150, Level = LogLevel.Information,
            Message = "Quiet after a burst: gave memory back to the system (collector heap {BeforeMb} MB -> {AfterMb} MB committed).")]
        public static partial void Trimmed(ILogger logger, long beforeMb, long afterMb);
    }
}
