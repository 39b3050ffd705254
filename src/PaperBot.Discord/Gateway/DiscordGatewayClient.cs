using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Discord gateway v10 client for one shard: connects, identifies or resumes, heartbeats, and hands every
/// dispatch to the handler exactly once and in order, across reconnects, until cancelled or told a fatal close code.
/// </summary>
public sealed partial class DiscordGatewayClient : IAsyncDisposable
{
    public const int GatewayVersion = 10;

    /// <summary>
    /// Parses one sample of each dispatch the client types, so that a process's first events are not slowed by
    /// compiling the parser; for a start-up warm-up. Touches no connection. Returns how many samples were parsed.
    /// </summary>
    public static int WarmUpParser() => GatewayDispatchParser.WarmUp();

    private const int FailuresBeforeFreshSession = 5;

    private readonly DiscordOptions _discordOptions;
    private readonly DiscordGatewayOptions _options;
    private readonly IGatewayUrlSource _urlSource;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordGatewayClient> _logger;
    private readonly Random _random;
    private readonly GatewayIdentifyLimiter _identifyLimiter;
    private int _inSession;
    private readonly TaskCompletionSource<ReadyEvent> _firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _disposed = new();
    private int _started;
    private int _disposeCalled;
    private Task _run = Task.CompletedTask;

    // Session state. Written by the receive loop of the current connection only; read by heartbeats and callers.
    private Uri? _gatewayUrl;
    private Uri? _resumeUrl;
    private string? _sessionId;
    private long _sequence;
    private ulong _applicationId;
    private ulong _botUserId;

    /// <param name="discordOptions">The token, intents and shard to identify with.</param>
    /// <param name="gatewayOptions">Timeouts, backoff and the identify pace.</param>
    /// <param name="urlSource">Where the gateway URL comes from (Get Gateway Bot on Discord).</param>
    /// <param name="timeProvider">The clock for heartbeats, backoff and timeouts.</param>
    /// <param name="logger">Connection, session and close-code events.</param>
    /// <param name="random">Jitter source for heartbeats and backoff; tests pass a seeded one.</param>
    /// <param name="identifyLimiter">Shared by every shard of the process; a client of its own when null.</param>
    /// <param name="shardId">The shard this client runs; null: the only one <see cref="DiscordOptions.ResolveShards"/> names.</param>
    public DiscordGatewayClient(
        IOptions<DiscordOptions> discordOptions,
        IOptions<DiscordGatewayOptions> gatewayOptions,
        IGatewayUrlSource urlSource,
        TimeProvider timeProvider,
        ILogger<DiscordGatewayClient> logger,
        Random? random = null,
        GatewayIdentifyLimiter? identifyLimiter = null,
        int? shardId = null)
    {
        ArgumentNullException.ThrowIfNull(gatewayOptions);
        _discordOptions = discordOptions.Value;
        ShardId = shardId ?? _discordOptions.ShardId ?? (_discordOptions.TryResolveShards(out var shards, out _) && shards.Count > 0 ? shards[0] : 0);
        _options = gatewayOptions.Value;
        _urlSource = urlSource;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = random ?? Random.Shared;
        _identifyLimiter = identifyLimiter
            ?? new GatewayIdentifyLimiter(gatewayOptions, timeProvider, Microsoft.Extensions.Logging.Abstractions.NullLogger<GatewayIdentifyLimiter>.Instance);
    }

    /// <summary>The shard this client identifies as, out of <see cref="DiscordOptions.ShardCount"/>.</summary>
    public int ShardId { get; }

    /// <summary>The current session, or null before the first READY and while re-identifying.</summary>
    public string? SessionId => Volatile.Read(ref _sessionId);

    /// <summary>From READY; null until then.</summary>
    public ulong? ApplicationId => Volatile.Read(ref _applicationId) is var id and not 0 ? id : null;

    /// <summary>The bot's own user id, from READY; null until then.</summary>
    public ulong? BotUserId => Volatile.Read(ref _botUserId) is var id and not 0 ? id : null;

    /// <summary>The sequence of the last dispatch received in this session (0 for none).</summary>
    public long LastSequence => Interlocked.Read(ref _sequence);

    public GatewayCounters Counters { get; } = new();

    /// <summary>True while a connection is in a session (after READY or RESUMED, until that connection ends).</summary>
    public bool IsConnected => Volatile.Read(ref _inSession) == 1;

    /// <summary>Completes at the first READY; faults if the run ends fatally before it, cancels if it stops first.</summary>
    public Task<ReadyEvent> WaitForReadyAsync(CancellationToken cancellationToken) =>
        _firstReady.Task.WaitAsync(cancellationToken);

    /// <inheritdoc cref="RunAsync(IGatewayEventHandler, CancellationToken)"/>
    public Task RunAsync(Func<GatewayEvent, CancellationToken, ValueTask> handler, CancellationToken cancellationToken) =>
        RunAsync(new DelegateHandler(handler), cancellationToken);

    /// <summary>
    /// Keeps the session alive until <paramref name="cancellationToken"/> is cancelled (closes with 1000 and returns)
    /// or Discord sends a fatal close code (throws <see cref="DiscordGatewayFatalException"/>). Call once per client.
    /// </summary>
    public Task RunAsync(IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("RunAsync can be called only once per DiscordGatewayClient.");
        }

        _run = RunCoreAsync(handler, cancellationToken);
        return _run;
    }

    public async ValueTask DisposeAsync()
    {
        // The shard set and a container that hands out its first shard may both dispose it.
        if (Interlocked.Exchange(ref _disposeCalled, 1) == 1)
        {
            return;
        }

        await _disposed.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or DiscordGatewayFatalException)
        {
            // The caller of RunAsync observes these; disposal only waits for the run to end.
        }

        _disposed.Dispose();
    }

    private async Task RunCoreAsync(IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        var token = _discordOptions.ResolveToken()
            ?? throw Fail(new DiscordGatewayFatalException("No Discord bot token configured: set Discord:Token or Discord:TokenFile."));

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var events = Channel.CreateUnbounded<GatewayEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var delivery = DeliverAsync(events.Reader, handler, run.Token);
        try
        {
            await ConnectLoopAsync(token, events.Writer, run.Token).ConfigureAwait(false);
        }
        catch (DiscordGatewayFatalException ex)
        {
            Log.Fatal(_logger, ex.CloseCode, ex.Message);
            throw Fail(ex);
        }
        finally
        {
            events.Writer.TryComplete();
            await delivery.ConfigureAwait(false);
            _firstReady.TrySetCanceled(run.Token.IsCancellationRequested ? run.Token : new CancellationToken(canceled: true));
        }
    }

    private DiscordGatewayFatalException Fail(DiscordGatewayFatalException ex)
    {
        _firstReady.TrySetException(ex);
        return ex;
    }

    private async Task ConnectLoopAsync(string token, ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken)
    {
        var failures = 0;
        var pause = TimeSpan.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            var delay = pause + GatewayBackoff.ReconnectDelay(failures, _options.ReconnectBackoffBase, _options.ReconnectBackoffMax, NextJitter());
            pause = TimeSpan.Zero;
            if (delay > TimeSpan.Zero)
            {
                Log.Waiting(_logger, delay.TotalMilliseconds, failures);
                try
                {
                    await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }

            if (failures >= FailuresBeforeFreshSession)
            {
                // Resuming keeps failing (an unreachable resume URL, a stale gateway URL): start over from GET /gateway/bot.
                ClearSession();
                _gatewayUrl = null;
            }

            ConnectionEnd end;
            try
            {
                end = await ConnectOnceAsync(token, events, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            // Whatever breaks one attempt (socket, DNS, REST, timeout) is retried with backoff; only fatal codes stop.
            catch (Exception ex) when (ex is not DiscordGatewayFatalException)
            {
                Log.ConnectFailed(_logger, ex.GetType().Name, ex.Message);
                end = new ConnectionEnd(ConnectionEndKind.Resume, null, ReachedSession: false, "connection failed");
                _gatewayUrl = SessionId is null ? null : _gatewayUrl;
            }

            switch (end.Kind)
            {
                case ConnectionEndKind.Shutdown:
                    return;
                case ConnectionEndKind.Fatal:
                    throw new DiscordGatewayFatalException(end.CloseCode ?? GatewayCloseCodes.UnknownError);
                case ConnectionEndKind.Reidentify:
                    ClearSession();
                    break;
                case ConnectionEndKind.ReidentifyAfterDelay:
                    ClearSession();
                    pause = GatewayBackoff.InvalidSessionDelay(_options.InvalidSessionDelayMin, _options.InvalidSessionDelayMax, NextJitter());
                    break;
            }

            failures = end.ReachedSession ? 0 : failures + 1;
            Counters.Reconnected();
            Log.Reconnecting(_logger, end.Reason, end.CloseCode, SessionId is not null);
        }
    }

    private async Task<ConnectionEnd> ConnectOnceAsync(string token, ChannelWriter<GatewayEvent> events, CancellationToken cancellationToken)
    {
        var resume = SessionId is not null;
        Uri baseUrl;
        if (resume)
        {
            // Discord: resume on READY's resume_gateway_url; the gateway URL only if READY gave none.
            baseUrl = _resumeUrl ?? (_gatewayUrl ??= await _urlSource.GetGatewayUrlAsync(cancellationToken).ConfigureAwait(false));
        }
        else
        {
            // A fresh session start: read the limit first (Discord resets the token of a bot past its daily budget).
            var gateway = await _urlSource.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
            _gatewayUrl = RestGatewayUrlSource.ParseUrl(gateway);
            await _identifyLimiter.WaitForSessionStartAsync(gateway.SessionStartLimit, cancellationToken).ConfigureAwait(false);
            baseUrl = _gatewayUrl;
        }

        var connection = new GatewayConnection(this, token, events, resume);
        return await connection.RunAsync(WithGatewayQuery(baseUrl), cancellationToken).ConfigureAwait(false);
    }

    internal static Uri WithGatewayQuery(Uri url) =>
        new UriBuilder(url) { Query = $"v={GatewayVersion}&encoding=json" }.Uri;

    private void ClearSession()
    {
        Volatile.Write(ref _sessionId, null);
        _resumeUrl = null;
        Interlocked.Exchange(ref _sequence, 0);
    }

    private double NextJitter()
    {
        lock (_random)
        {
            return _random.NextDouble();
        }
    }
}
