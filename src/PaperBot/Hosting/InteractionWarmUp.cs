using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Memory;

namespace PaperBot.Hosting;

/// <summary>
/// Before the gateway connects, answers <c>/paper search</c>es of each shape and a title autocomplete through the real
/// gateway handler, dispatcher, search, reply, JSON and REST client code, whose requests a local handler answers
/// (nothing is sent), and rehearses an answer's records (rolled back): the first users after a start or a deploy then
/// no longer pay for compiling that path (docs/benchmarks.md, "cold start"). Registered before the gateway's service,
/// whose start it delays by at most <see cref="MaxDelay"/>.
/// <c>Bot:WarmUp = false</c> skips it.
/// </summary>
internal sealed partial class InteractionWarmUp(
    BotEventHandler handler, CommandCatalog catalog, PostedMessageStore postedMessages, ServerMemory memory, IOptions<BotOptions> options,
    IOptions<DiscordOptions> discordOptions, TimeProvider timeProvider, ILogger<InteractionWarmUp> logger)
    : IHostedService
{
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(3);

    // Not disposed: the host may call StopAsync after the container is disposed (a run that ended on a fatal
    // gateway close), and cancelling a disposed source throws. Its only resource is the CancelAfter timer.
    private readonly CancellationTokenSource budget = new();
    private Task? running;
    private int replies;
    private int privateReplies;
    private int registrationsReadBack;
    private int restReplies;
    private int recordsRehearsed;

    // Searches and an autocomplete as Discord sends them (INTERACTION_CREATE data), parsed by the gateway's own JSON
    // code. One search of each shape whose code differs: a sentence no paper holds every word of (meaning and some of
    // the words), one papers do hold (both rankings fused), a keyword (the words alone), filters, a sort, and a longer
    // sentence (the model's first runs at more than one input length).
    private static readonly (string Query, string? Sort)[] Searches =
    [
        ("warm language models", null),
        ("image generation with diffusion models", null),
        ("diffusion", "newest"),
        ("author:ren cat:cs.CV", null),
        ("cat:cs.CV image generation", null),
        ("how can a language model reason step by step over long documents to answer questions", null),
    ];

    private static string Interaction(int id, int type, string query, string? sort = null, bool focused = false)
    {
        var options = $$"""{"name":"query","type":3,"value":"{{JsonEncodedText.Encode(query)}}"{{(focused ? ""","focused":true""" : "")}}}""";
        if (sort is not null)
        {
            options += $$""",{"name":"sort","type":3,"value":"{{sort}}"}""";
        }

        return $$$"""
            {"id":"{{{id}}}","application_id":"1","type":{{{type}}},"token":"warm-up","version":1,"guild_id":"1","channel_id":"1","locale":"en-US",
             "app_permissions":"0","member":{"user":{"id":"1","username":"warm-up"},"roles":[],"permissions":"0"},
             "data":{"id":"1","name":"paper","type":1,"options":[{"name":"search","type":1,"options":[{{{options}}}]}]}}
            """;
    }

    /// <summary>The interactions the warm-up answers, in order: the autocomplete first (it is quick), then the searches.</summary>
    internal static IReadOnlyList<string> Interactions { get; } =
    [
        Interaction(1, (int)InteractionType.ApplicationCommandAutocomplete, "lang", focused: true),
        .. Searches.Select((search, i) => Interaction(2 + i, (int)InteractionType.ApplicationCommand, search.Query, search.Sort)),
    ];

    /// <summary>How many replies the warm-up serialized (for tests).</summary>
    internal int Replies => Volatile.Read(ref replies);

    /// <summary>
    /// How many of them were private: an error or "nothing found", which means a search answered without running
    /// the path it was meant to warm (for tests).
    /// </summary>
    internal int PrivateReplies => Volatile.Read(ref privateReplies);

    /// <summary>How many of the replies went out through the bot's REST client, to its local handler (for tests).</summary>
    internal int RestReplies => Volatile.Read(ref restReplies);

    /// <summary>Completes when the warm-up has ended, in time or after its cut (for tests).</summary>
    internal Task Finished => running ?? Task.CompletedTask;

    /// <summary>How many times an answer's records were rehearsed (and rolled back) (for tests).</summary>
    internal int RecordsRehearsed => Volatile.Read(ref recordsRehearsed);

    /// <summary>
    /// How many times the registration's path ran and read the commands back from their own JSON equal to the
    /// definitions, as Discord's copy must compare for a start to send nothing (for tests).
    /// </summary>
    internal int RegistrationsReadBack => Volatile.Read(ref registrationsReadBack);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WarmUp)
        {
            Log.WarmUpOff(logger);
            return;
        }

        // The budget's token alone does not bound the delay: SQLite and the embedding model run synchronously
        // and do not look at it (7 s on a loaded host). So the gateway waits for the warm-up at most MaxDelay;
        // whatever is left of it, cancelled, ends in the background (StopAsync waits for it).
        budget.CancelAfter(MaxDelay);
        running = Task.Run(() => RunAsync(budget.Token), CancellationToken.None);
        try
        {
            await running.WaitAsync(MaxDelay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.WarmUpCut(logger, MaxDelay.TotalSeconds);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (running is null)
        {
            return;
        }

        // Cancelled work still in the background is waited for while the stop's time lasts, never longer: a
        // warm-up stuck in a synchronous call must not make the rest of the shutdown fail.
        await budget.CancelAsync().ConfigureAwait(false);
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var responder = new LocalRestResponder(this, discordOptions, timeProvider);
        try
        {
            // The gateway's parser first, then what the command check runs next, then the autocomplete (it is quick),
            // then the searches, the first of which may also load the embedding model, then an answer's records.
            DiscordGatewayClient.WarmUpParser();
            WarmUpRegistration();
            foreach (var json in Interactions)
            {
                using var document = JsonDocument.Parse(json);
                var interaction = document.RootElement.Deserialize(DiscordJsonContext.Default.Interaction)!;
                // Through the gateway handler's own tracking and dispatch, as an interaction from Discord goes.
                await handler.RehearseAsync(interaction, responder, cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();

            await RehearseRecordsAsync(cancellationToken).ConfigureAwait(false);

            Log.WarmedUp(logger, Replies, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException)
        {
            // Cut at MaxDelay or at shutdown; StartAsync has said so.
        }
    }

    /// <summary>
    /// What a public search answer writes once it is sent (which paper sits at which number, and the server's memory
    /// of the papers shown), run and rolled back: nothing is kept. The warm-up's own answers name no message, so they
    /// record nothing; at READY this code had compiled beside the first users (Dapper's parameter readers, about 1.5 ms).
    /// </summary>
    private async Task RehearseRecordsAsync(CancellationToken cancellationToken)
    {
        PostedMessagePaper[] papers = [.. Enumerable.Range(1, 5).Select(i => new PostedMessagePaper(i, "warm-up-" + i))];
        await postedMessages.RehearseAsync(
            new PostedMessage
            {
                ChannelId = 1, MessageId = 1, GuildId = 1, Kind = PostedMessageKinds.SearchResults, PostedAt = timeProvider.GetUtcNow(), Papers = papers,
            },
            cancellationToken).ConfigureAwait(false);
        await memory.RehearseAsync(
            [.. papers.Select(p => new MemoryEvent { GuildId = 1, ChannelId = 1, PaperId = p.PaperId, Kind = MemoryKinds.Searched, MessageId = 1, UserId = 1 })],
            cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref recordsRehearsed);
    }

    /// <summary>
    /// What <see cref="BotCommandRegistrar"/> does next (before the gateway connects, or at READY when Discord was slow),
    /// without Discord: the definitions serialized as they are sent and hashed, read back from those bytes as the REST
    /// client reads Discord's list, and compared. At READY that had run cold beside the first users' interactions
    /// (about 25 ms of CPU, mostly JSON metadata for the command types: docs/benchmarks.md, "cold start").
    /// </summary>
    private void WarmUpRegistration()
    {
        var definitions = catalog.Definitions;
        var json = JsonSerializer.SerializeToUtf8Bytes(definitions, DiscordJsonContext.Default.IReadOnlyListApplicationCommand);
        var held = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.IReadOnlyListApplicationCommand) ?? [];
        _ = BotCommandRegistrar.Hash(definitions);
        if (ApplicationCommandComparer.SameDefinitions(definitions, held))
        {
            Interlocked.Increment(ref registrationsReadBack);
        }
    }

    /// <summary>Refuses every post: the warm-up must never reach a channel.</summary>
    private sealed class NoChannels : IChannelMessenger
    {
        public static readonly NoChannels Instance = new();

        public Task<Message> PostAsync(ulong channelId, MessageCreate message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The interaction warm-up posts nothing.");

        public Task<Channel> StartThreadAsync(ulong channelId, ulong messageId, StartThreadFromMessage thread, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The interaction warm-up posts nothing.");

        public Task ArchiveThreadAsync(ulong threadId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The interaction warm-up posts nothing.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6140, Level = LogLevel.Information, Message = "Warmed up the interaction path ({Replies} replies) in {Milliseconds:0} ms")]
        public static partial void WarmedUp(ILogger logger, int replies, double milliseconds);

        [LoggerMessage(EventId = 6141, Level = LogLevel.Information, Message = "Interaction warm-up stopped after {Seconds:0} s; the gateway connects now")]
        public static partial void WarmUpCut(ILogger logger, double seconds);

        [LoggerMessage(EventId = 6142, Level = LogLevel.Information, Message = "Interaction warm-up off (Bot:WarmUp = false); the gateway connects now")]
        public static partial void WarmUpOff(ILogger logger);
    }
}
