using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PaperBot.Interactions;
using PaperBot.FakeDiscord;
using PaperBot.Hosting;
using PaperBot.Storage;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// The whole bot host (<see cref="BotEntryPoint.BuildDiscordHost"/>: gateway owner, command registration,
/// every module) against the fake Discord server on loopback, on a temp SQLite file seeded with the sample
/// papers. Hosts can be stopped and started again on the same file. Reused by the digest and library tests:
/// <code>
/// await using var bot = await BotHarness.StartAsync();
/// var answer = await bot.SlashAsync("paper", "search", ("query", "speculative decoding"));
/// var message = await bot.FinalMessageAsync(answer);
/// bot.AssertClean();
/// </code>
/// </summary>
public sealed class BotHarness : IAsyncDisposable
{
    public const ulong DefaultUserId = 4_242_000_000_000_001;

    /// <summary>ManageChannels, ViewChannel, SendMessages, UseApplicationCommands.</summary>
    public const string ManagerPermissions = "2147486736";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-bot-" + Guid.NewGuid().ToString("N"));
    private readonly List<IHost> _hosts = [];
    private PostgresTestDatabase? _postgres;

    private BotHarness(FakeDiscordServer discord)
    {
        Discord = discord;
        Directory.CreateDirectory(_directory);
        GuildId = discord.CreateGuild();
        ChannelId = discord.CreateChannel(GuildId, "papers");
    }

    public FakeDiscordServer Discord { get; }

    /// <summary>The running host (the last one started).</summary>
    public IHost Host => _hosts[^1];

    public ulong GuildId { get; }

    public ulong ChannelId { get; }

    public string DatabasePath => Path.Combine(_directory, "papers.db");

    /// <summary>Where the hosts keep their state: the SQLite file, or a fresh PostgreSQL test database.</summary>
    public StorageProvider Provider => _postgres is null ? StorageProvider.Sqlite : StorageProvider.Postgres;

    /// <summary>The PostgreSQL test database's connection string, when <see cref="Provider"/> is postgres.</summary>
    public string? PostgresConnectionString => _postgres?.ConnectionString;

    public BotLogCapture Logs { get; } = new();

    /// <summary>Test seams of the running host (a delay before each handler).</summary>
    public CommandHooks Hooks => Host.Services.GetRequiredService<CommandHooks>();

    /// <summary>Starts the fake and one bot host, and waits until the bot is READY and its commands were checked.</summary>
    public static async Task<BotHarness> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        Action<FakeDiscordOptions>? fake = null,
        StorageProvider provider = StorageProvider.Sqlite)
    {
        var options = new FakeDiscordOptions
        {
            ChannelMessageLimit = 1_000,
            RouteRequestLimit = 1_000,
            GlobalRequestsPerSecond = 1_000,

            // Each host start is a new process to Discord; identify pacing has its own tests on a fake clock.
            IdentifyInterval = TimeSpan.Zero,
        };
        fake?.Invoke(options);
        var discord = await FakeDiscordServer.StartAsync(options);
        var harness = new BotHarness(discord);
        harness._postgres = await TestStateDatabase.CreateServerAsync(provider);
        await harness.StartHostAsync(settings, configure);
        return harness;
    }

    /// <summary>The configuration a harness host runs with; tests pass extra keys to override or add.</summary>
    public Dictionary<string, string?> BaseSettings() => new(TestStateDatabase.Settings(_postgres))
    {
        ["Discord:Token"] = Discord.BotToken,
        ["Discord:RestBaseUrl"] = Discord.RestBaseUrl.AbsoluteUri,
        ["Discord:GlobalRequestsPerSecond"] = "1000",
        ["Discord:RetryBaseDelay"] = "00:00:00.010",
        ["Discord:MaxRetries"] = "1",
        ["Ingestion:RunOnStart"] = "false",
        ["Ingestion:HuggingFace:Enabled"] = "false",
        ["Ingestion:Arxiv:Enabled"] = "false",
        ["Ingestion:HuggingFaceBaseUrl"] = "http://127.0.0.1:9/",
        ["Ingestion:ArxivApiBaseUrl"] = "http://127.0.0.1:9/",
        // Papers on demand ask arXiv; tests that want that start a FakeArxiv and pass its Settings().
        ["Ingestion:Arxiv:OnDemand"] = "false",
        ["Metrics:Port"] = "0",
        // The trim's first look comes at start: a compacting collection of the whole test process at every bot's
        // start would pause every test running beside it (MemoryTrimTests drive the trim on their own).
        ["Bot:TrimMemory"] = "false",
        ["Logging:LogLevel:Default"] = "Debug",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:System"] = "Warning",
    };

    /// <summary>Builds a host on this harness's database without starting it (for tests of start-up failures).</summary>
    public IHost BuildHost(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var overrides = BaseSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var host = BotEntryPoint.BuildDiscordHost(
            new PaperBotHostSettings { Mode = PaperBotHostMode.Bot, DatabasePath = DatabasePath, WorkingDirectory = _directory, Overrides = overrides },
            services =>
            {
                // Logs go to the capture only: the console would flood the test output.
                services.RemoveAll<ILoggerProvider>();
                services.AddSingleton<ILoggerProvider>(Logs);
                configure?.Invoke(services);
            });
        _hosts.Add(host);
        return host;
    }

    public async Task<IHost> StartHostAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var started = Stopwatch.StartNew();
        var host = BuildHost(settings, configure);
        await host.StartAsync();
        await host.Services.GetRequiredService<BotRunState>().CommandsChecked.WaitAsync(TimeSpan.FromSeconds(10));
        Console.WriteLine($"bot host ready in {started.ElapsedMilliseconds} ms");
        return host;
    }

    public async Task StopHostAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Waits until the bot has finished every interaction it received (handlers return after the answer is
    /// visible, e.g. after recording the posted message that reactions refer to).
    /// </summary>
    public Task IdleAsync() => Host.Services.GetRequiredService<BotEventHandler>().WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>A slash command; options are name/value pairs (string, long/int, bool, double), inside the subcommand when given.</summary>
    public Task<InjectedInteraction> SlashAsync(string command, string? subcommand, params (string Name, object Value)[] options) =>
        SlashAsync(command, subcommand, DefaultUserId, ManagerPermissions, options);

    public Task<InjectedInteraction> SlashAsync(string command, string? subcommand, ulong userId, string permissions, params (string Name, object Value)[] options) =>
        Discord.InjectSlashCommandAsync(command, Options(subcommand, options), GuildId, ChannelId, userId, permissions);

    /// <summary>A message command (a message's ⋯ › Apps › <paramref name="name"/>) on <paramref name="target"/>, in the target's channel.</summary>
    public Task<InjectedInteraction> MessageCommandAsync(string name, FakeMessage target, ulong userId = DefaultUserId) =>
        Discord.InjectMessageCommandAsync(name, target.Id, target.GuildId ?? GuildId, target.ChannelId, userId, ManagerPermissions);

    /// <summary>A member (or, with <paramref name="bot"/>, another bot) posts in the harness channel (or <paramref name="channelId"/>).</summary>
    public Task<FakeMessage> PostAsync(string content, ulong userId = DefaultUserId, bool bot = false, ulong? channelId = null) =>
        Discord.CreateUserMessageAsync(channelId ?? ChannelId, userId, content, authorIsBot: bot);

    /// <summary>Autocomplete with the last option focused.</summary>
    public Task<InjectedInteraction> AutocompleteAsync(string command, string? subcommand, params (string Name, object Value)[] options) =>
        Discord.InjectAutocompleteAsync(command, Options(subcommand, options)!, GuildId, ChannelId, DefaultUserId);

    public Task<InjectedInteraction> PressAsync(FakeMessage message, string customId, ulong userId = DefaultUserId) =>
        Discord.InjectComponentAsync(customId, message.Id, message.ChannelId, GuildId, userId, componentType: 2, memberPermissions: ManagerPermissions);

    public Task<InjectedInteraction> SelectAsync(FakeMessage message, string customId, string value, ulong userId = DefaultUserId) =>
        Discord.InjectComponentAsync(customId, message.Id, message.ChannelId, GuildId, userId, componentType: 3, values: [value], memberPermissions: ManagerPermissions);

    /// <summary>
    /// The message that answers an interaction once it is final: the original response (after a deferral, once
    /// edited) or, when the bot answered in a followup, the last followup.
    /// </summary>
    public async Task<FakeMessage> FinalMessageAsync(InjectedInteraction interaction, TimeSpan? timeout = null)
    {
        await interaction.InitialResponse.WaitAsync(timeout ?? TimeSpan.FromSeconds(5));
        FakeMessage? final = null;
        var done = await Discord.WaitUntilAsync(
            () =>
            {
                if (interaction.FollowupMessages is { Count: > 0 } followups)
                {
                    final = followups[^1];
                    return true;
                }

                final = interaction.OriginalMessage;
                return final is { Loading: false } && (interaction.ResponseType != 6 || final.Edited);
            },
            timeout ?? TimeSpan.FromSeconds(5));
        Assert.True(done, $"interaction {interaction.Id} got no final answer (response type {interaction.ResponseType})");
        return final!;
    }

    /// <summary>Nothing the bot sent was rejected by the fake, and no message it sent allows a mention.</summary>
    public void AssertClean()
    {
        Assert.Empty(Discord.Rejections);
        // A deferral's "thinking" placeholder carries nothing the bot wrote, so it has no allowed_mentions to check.
        foreach (var message in Discord.AllMessages.Where(m => m.AuthorIsBot && m.AuthorId == Discord.BotUserId && !m.Loading))
        {
            Assert.NotNull(message.AllowedMentions);
            Assert.Empty(message.AllowedMentions!["parse"]!.AsArray());
            Assert.Null(message.AllowedMentions["users"]);
            Assert.Null(message.AllowedMentions["roles"]);
        }
    }

    public static JsonArray? Options(string? subcommand, (string Name, object Value)[] options)
    {
        var leaves = new JsonArray(options.Select(o => (JsonNode)new JsonObject
        {
            ["name"] = o.Name,
            ["type"] = o.Value switch
            {
                int or long => 4,
                bool => 5,
                double => 10,
                ChannelOption => 7,
                _ => 3,
            },
            ["value"] = o.Value is ChannelOption channel ? JsonValue.Create(channel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(o.Value),
        }).ToArray());
        if (subcommand is null)
        {
            return leaves;
        }

        var sub = new JsonObject { ["name"] = subcommand, ["type"] = 1 };
        if (leaves.Count > 0)
        {
            sub["options"] = leaves;
        }

        return [sub];
    }

    /// <summary>Discord error codes a test provokes on purpose (a deleted channel, a missing permission); any other rejection fails the test.</summary>
    public HashSet<int> ExpectedRejectionCodes { get; } = [];

    public ValueTask DisposeAsync() =>
        new(HarnessTeardown.DisposeAsync(_hosts, Discord, ExpectedRejectionCodes, _postgres, _directory));
}

/// <summary>A channel option's value for <c>BotHarness.SlashAsync</c> (type 7, the id as a string).</summary>
public sealed record ChannelOption(ulong Id);
