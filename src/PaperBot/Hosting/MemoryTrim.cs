using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Hosting;

/// <summary>
/// Keeps the collector's committed memory near what is alive. A digest for thousands of channels or a wave of
/// commands leaves the heap tens of megabytes above its live size: what the burst promoted and then dropped waits
/// in gen2 until the collector next needs room, and the collector keeps freed space committed for the next burst,
/// so a bot that has gone quiet may hold it for hours (after a 10,000-channel digest a process kept 41-64 MB
/// committed for 12 MB alive: docs/benchmarks.md, fleet). So as the bot starts and every
/// <see cref="BotOptions.TrimMemoryInterval"/> after that, this reads the committed size, and when it is more than
/// <see cref="GrowthBytes"/> above where the last trim left it (<see cref="Decide"/>), runs one compacting collection
/// that gives the free memory back to the system. At the same look, when the C library's heap holds more than
/// <see cref="NativeFreeBytes"/> free (<see cref="NativeHeap"/>: what ONNX Runtime, SQLite and the runtime freed), its
/// free pages are given back too.
/// <para>
/// The cost is bounded: at most one collection an interval, over a live heap of 10-20 MB (a few milliseconds'
/// pause, logged with each trim). Whether the bot is busy is deliberately not asked: what a quiet bot allocates
/// grows with what it serves (a fleet process's digest loop once read 10,000 subscriptions every few seconds), so
/// every test of "quiet" tried here either missed the end of a digest or held for one data size only.
/// <c>Bot:TrimMemory = false</c> turns both off.
/// </para>
/// </summary>
internal sealed partial class MemoryTrim : BackgroundService
{
    private readonly BotOptions settings;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<MemoryTrim> logger;
    private readonly Func<long> readCommitted;
    private readonly Action collect;
    private readonly Func<long?> readNativeFree;
    private readonly Action trimNative;

    // The committed size the last collection left (nothing before the first, so the first look gives back what
    // the start-up left).
    private long baseline;

    public MemoryTrim(IOptions<BotOptions> options, TimeProvider timeProvider, ILogger<MemoryTrim> logger)
        : this(options, timeProvider, logger, ReadCommitted, CollectAggressively, NativeHeap.FreeBytes, NativeHeap.Trim)
    {
    }

    /// <summary>With the readings and the trims given (for tests).</summary>
    internal MemoryTrim(
        IOptions<BotOptions> options,
        TimeProvider timeProvider,
        ILogger<MemoryTrim> logger,
        Func<long> readCommitted,
        Action collect,
        Func<long?> readNativeFree,
        Action trimNative)
    {
        ArgumentNullException.ThrowIfNull(options);
        settings = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.readCommitted = readCommitted;
        this.collect = collect;
        this.readNativeFree = readNativeFree;
        this.trimNative = trimNative;
    }

    /// <summary>Growth of the committed heap since the last trim that is worth a collection.</summary>
    public const long GrowthBytes = 16L * 1024 * 1024;

    /// <summary>
    /// Whether to trim now: the committed heap is more than <see cref="GrowthBytes"/> above where the last trim left
    /// it (nothing before the first one, so the first look also gives back what the start-up left).
    /// </summary>
    internal static bool Decide(long committed, long committedAfterLastTrim) => committed - committedAfterLastTrim > GrowthBytes;

    /// <summary>
    /// Free bytes in the C library's heap above which its free pages are given back. Pages already given back still
    /// count as free there, so a heap this fragmented is trimmed at every look: a millisecond or two, once an interval.
    /// </summary>
    public const long NativeFreeBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Takes the first look before the gateway connects (registered between the warm-up and the gateway): loading
    /// the embedding model and the warm-up leave tens of megabytes freed in both heaps, and a process whose first
    /// look came one interval later peaked at 311 MB as its shards became READY on top of them (it then gave 34 MB
    /// of the C heap back: docs/benchmarks.md, fleet). Here its pause delays the first IDENTIFY instead of falling
    /// on the first users' interactions.
    /// </summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.TrimMemory)
        {
            Look();
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.TrimMemory)
        {
            return;
        }

        try
        {
            while (true)
            {
                await Task.Delay(settings.TrimMemoryInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                Look();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Look()
    {
        var committed = readCommitted();
        if (Decide(committed, baseline))
        {
            var paused = GC.GetTotalPauseDuration();
            collect();
            baseline = readCommitted();
            Log.Trimmed(logger, committed / (1024 * 1024), baseline / (1024 * 1024), (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
        }

        if (readNativeFree() is > NativeFreeBytes and var free)
        {
            var resident = Environment.WorkingSet;
            trimNative();
            var given = resident - Environment.WorkingSet;
            if (given >= 1024 * 1024)
            {
                Log.TrimmedNative(logger, given / (1024 * 1024), free / (1024 * 1024));
            }
        }
    }

    // As of the last collection: between collections the heap only grows by gen0's budget.
    private static long ReadCommitted() => GC.GetGCMemoryInfo().TotalCommittedBytes;

    // Aggressive: compacts every generation and decommits what the compaction freed, where a plain full
    // collection keeps the free space committed for the next burst.
    private static void CollectAggressively() => GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6150, Level = LogLevel.Debug,
            Message = "Gave memory back to the system: collector heap {BeforeMb} MB -> {AfterMb} MB committed, paused {PauseMs:0.0} ms")]
        public static partial void Trimmed(ILogger logger, long beforeMb, long afterMb, double pauseMs);

        [LoggerMessage(EventId = 6151, Level = LogLevel.Debug,
            Message = "Gave native memory back to the system: {GivenMb} MB of the C heap's {FreeMb} MB free")]
        public static partial void TrimmedNative(ILogger logger, long givenMb, long freeMb);
    }
}
