using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Every shard this process runs (<see cref="DiscordOptions.Shards"/>): one <see cref="DiscordGatewayClient"/> and
/// connection per shard, all feeding the same handler and pacing IDENTIFY through the one shared limiter. A shard
/// that drops resumes on its own; a fatal close on any shard stops them all.
/// </summary>
public sealed class GatewayShardSet : IAsyncDisposable
{
    private readonly IReadOnlyList<DiscordGatewayClient> _clients;

    public GatewayShardSet(
        IOptions<DiscordOptions> discordOptions,
        IOptions<DiscordGatewayOptions> gatewayOptions,
        IGatewayUrlSource urlSource,
        TimeProvider timeProvider,
        ILoggerFactory loggers,
        GatewayIdentifyLimiter identifyLimiter)
    {
        ArgumentNullException.ThrowIfNull(discordOptions);
        ShardCount = discordOptions.Value.ShardCount;
        _clients = [.. discordOptions.Value.ResolveShards().Select(shard => new DiscordGatewayClient(
            discordOptions,
            gatewayOptions,
            urlSource,
            timeProvider,
            loggers.CreateLogger<DiscordGatewayClient>(),
            random: null,
            identifyLimiter,
            shard))];
    }

    /// <summary>This process's shards, ascending by id.</summary>
    public IReadOnlyList<DiscordGatewayClient> Shards => _clients;

    /// <summary>Shards of the whole bot, every process together.</summary>
    public int ShardCount { get; }

    /// <summary>This process's shards currently in a session.</summary>
    public int ConnectedCount => _clients.Count(c => c.IsConnected);

    /// <summary>True when every shard of this process is in a session.</summary>
    public bool AllConnected => _clients.All(c => c.IsConnected);

    /// <summary>The shard that receives a guild's events: <c>(guild_id &gt;&gt; 22) % shard_count</c>, as Discord routes them.</summary>
    public static int ShardOf(ulong guildId, int shardCount) => (int)((guildId >> 22) % (ulong)shardCount);

    /// <summary>One line for status replies: <c>shards 0-3: 4/4 ready</c>.</summary>
    public string Describe() =>
        $"shards {Ranges(_clients.Select(c => c.ShardId))} of {ShardCount}: {ConnectedCount}/{_clients.Count} ready";

    /// <summary>Sums the counters of every shard (connects, resumes, dispatches...).</summary>
    public GatewayCounters SumCounters() => GatewayCounters.Sum(_clients.Select(c => c.Counters));

    /// <summary>Completes at the first READY of any shard (application and bot user are the same on every shard).</summary>
    public async Task<ReadyEvent> WaitForFirstReadyAsync(CancellationToken cancellationToken)
    {
        var first = await Task.WhenAny(_clients.Select(c => c.WaitForReadyAsync(cancellationToken))).ConfigureAwait(false);
        return await first.ConfigureAwait(false);
    }

    /// <summary>
    /// Runs every shard until <paramref name="cancellationToken"/> is cancelled, or until one shard ends fatally: then the
    /// others close too and its <see cref="DiscordGatewayFatalException"/> is thrown.
    /// </summary>
    public async Task RunAsync(IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = _clients.Select(c => WatchAsync(c.RunAsync(handler, stopAll.Token), stopAll)).ToList();
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested)
        {
            // Task.WhenAll throws the first fault in shard order; the fatal one is what the operator must see.
            var fatal = runs.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException).OfType<DiscordGatewayFatalException>().FirstOrDefault();
            if (fatal is not null)
            {
                throw fatal;
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task WatchAsync(Task run, CancellationTokenSource stopAll)
    {
        try
        {
            await run.ConfigureAwait(false);
        }
        catch (DiscordGatewayFatalException)
        {
            await stopAll.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static string Ranges(IEnumerable<int> ids)
    {
        var parts = new List<string>();
        int? first = null;
        var last = 0;
        foreach (var id in ids.Order())
        {
            if (first is not null && id == last + 1)
            {
                last = id;
                continue;
            }

            if (first is not null)
            {
                parts.Add(first == last ? $"{first}" : $"{first}-{last}");
            }

            first = id;
            last = id;
        }

        if (first is not null)
        {
            parts.Add(first == last ? $"{first}" : $"{first}-{last}");
        }

        return string.Join(',', parts);
    }
}
