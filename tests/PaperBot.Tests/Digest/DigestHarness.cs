using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Digest;
using PaperBot.Tests.TestSupport;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.FakeDiscord;
using PaperBot.Interactions;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Tests.Digest;

/// <summary>
/// The digest as the bot runs it: a real SQLite file, the Discord REST client against the fake Discord
/// server on loopback, and a FakeTimeProvider shared by bot and fake. Hosts can be stopped and started
/// again on the same file to simulate restarts.
/// </summary>
public sealed class DigestHarness : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-digest-" + Guid.NewGuid().ToString("N"));
    private readonly List<IHost> _hosts = [];
    private DigestWakeup? _loop;
    private PostgresTestDatabase? _postgres;

    private DigestHarness(FakeDiscordServer discord, FakeTimeProvider time)
    {
        Discord = discord;
        Time = time;
        Directory.CreateDirectory(_directory);
        GuildId = discord.CreateGuild();
    }

    public FakeDiscordServer Discord { get; }

    public FakeTimeProvider Time { get; }

    public ulong GuildId { get; }

    public string DatabasePath => Path.Combine(_directory, "papers.db");

    /// <summary>A fake Discord on a fake clock; with <see cref="StorageProvider.Postgres"/> the hosts share a fresh PostgreSQL test database for the state.</summary>
    public static async Task<DigestHarness> StartAsync(DateTimeOffset start, StorageProvider provider = StorageProvider.Sqlite)
    {
        var time = new FakeTimeProvider(start);

        // Frozen time never refills a rate-limit window, so the limits are set out of reach; pacing is the REST client's own concern and has its tests.
        var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            ChannelMessageLimit = 10_000,
            RouteRequestLimit = 10_000,
            GlobalRequestsPerSecond = 10_000,
            TimeProvider = time,
        });
        return new DigestHarness(discord, time) { _postgres = await TestStateDatabase.CreateServerAsync(provider) };
    }

    /// <summary>
    /// A host with the digest wired as in the bot; <paramref name="withService"/> adds the posting loop. Each host is
    /// a process of its own name (<c>Fleet:InstanceName</c>) unless <paramref name="instance"/> names it: a restart
    /// of a crashed process under its name.
    /// </summary>
    public async Task<IHost> StartHostAsync(bool withService = true, Action<IServiceCollection>? configure = null, string? instance = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DatabasePath"] = DatabasePath,
            ["Discord:Token"] = Discord.BotToken,
            ["Discord:RestBaseUrl"] = Discord.RestBaseUrl.AbsoluteUri,
            ["Discord:GlobalRequestsPerSecond"] = "10000",
            ["Discord:RetryBaseDelay"] = "00:00:00.010",
            ["Digest:RetryDelay"] = "00:00:30",

            // A restarted host is another process to the lease: it resumes a crashed batch once this has run out.
            ["Digest:BatchLease"] = "00:00:20",
            ["Fleet:InstanceName"] = instance ?? $"host-{_hosts.Count + 1}",
        });
        builder.Configuration.AddInMemoryCollection(TestStateDatabase.Settings(_postgres));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.AddStorage();
        builder.Services.AddPapers();
        builder.Services.AddSemantic();
        builder.Services.AddDiscordRest();
        builder.Services.AddDigest();
        if (withService)
        {
            builder.Services.AddDigestService();
        }

        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        _hosts.Add(host);
        if (withService)
        {
            _loop = host.Services.GetRequiredService<DigestWakeup>();
        }

        return host;
    }

    public ulong CreateChannel(string name = "papers") => Discord.CreateChannel(GuildId, name);

    public DigestCaller Manager(ulong channelId) => new(GuildId, channelId, 42, Permissions.ManageChannels);

    public static async Task<T> InScopeAsync<T>(IHost host, Func<IServiceProvider, Task<T>> action)
    {
        var scope = host.Services.CreateAsyncScope();
        await using (scope)
        {
            return await action(scope.ServiceProvider);
        }
    }

    public static Task<InteractionReply> SubscribeAsync(IHost host, DigestCaller caller, DigestSubscribeArgs args) =>
        InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().SubscribeAsync(caller, args, CancellationToken.None));

    /// <summary>Stores papers now (fake time), so their first_seen is the current fake instant.</summary>
    public static async Task AddPapersAsync(IHost host, params Paper[] papers) =>
        await host.Services.GetRequiredService<PaperStore>().UpsertManyAsync(papers, CancellationToken.None);

    public static Paper Paper(string id, string title, int? upvotes = null, string[]? categories = null, string? summary = null) => new()
    {
        Id = id,
        Title = title,
        Abstract = summary ?? $"We study {title.ToLowerInvariant()}.",
        Authors = ["Ada Lovelace", "Alan Turing"],
        Published = new DateOnly(2025, 6, 1),
        Categories = categories ?? ["cs.CL"],
        Upvotes = upvotes,
        Sources = ["huggingface"],
    };

    /// <summary>
    /// Once the loop is idle, moves the clock to <paramref name="target"/>, then, while
    /// <paramref name="condition"/> does not hold, nudges it a second at a time, each time only once the loop
    /// has acted on the previous move and is idle again (a retry after a failed post is due later).
    /// </summary>
    public async Task AdvanceUntilAsync(DateTimeOffset target, Func<bool> condition, int maxNudges = 120)
    {
        await SettleAsync();
        if (Time.GetUtcNow() < target)
        {
            Time.SetUtcNow(target);
        }

        for (var i = 0; i < maxNudges; i++)
        {
            await SettleAsync(condition);
            if (condition())
            {
                break;
            }

            Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await Discord.WaitUntilAsync(condition, TimeSpan.FromSeconds(5)), $"condition not met by {Time.GetUtcNow():O}");

        // The condition may hold while the pass still finishes its batch (bookmark reactions, the ledger); a
        // clock moved under it then would strand the REST client's pacing waits on fake time.
        await SettleAsync();
    }

    /// <summary>
    /// Waits until the posting loop has acted on the current fake time and sleeps in a wait armed for a
    /// later instant (or <paramref name="condition"/> holds): only then may a test move the clock or assert
    /// that nothing was posted. Without a loop, there is nothing to wait for.
    /// </summary>
    public async Task SettleAsync(Func<bool>? condition = null)
    {
        if (_loop is null)
        {
            return;
        }

        var deadline = Stopwatch.StartNew();
        while (!(_loop.WaitingUntil is { } until && until > Time.GetUtcNow()) && condition?.Invoke() != true)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"digest loop never went idle at {Time.GetUtcNow():O} (waiting until {_loop.WaitingUntil:O})");
            await Task.Delay(5);
        }
    }

    public IReadOnlyList<FakeMessage> Messages(ulong channelId) => Discord.GetMessages(channelId);

    public static IReadOnlyList<string> PaperIdsIn(IEnumerable<FakeMessage> messages) =>
        [.. messages.Where(m => m.Embeds.Count > 0)
            .Select(m => m.Embeds[0]!["url"]!.GetValue<string>().Replace("https://arxiv.org/abs/", "", StringComparison.Ordinal))];

    /// <summary>Discord error codes a test provokes on purpose (a deleted channel, a missing permission); any other rejection fails the test.</summary>
    public HashSet<int> ExpectedRejectionCodes { get; } = [];

    public ValueTask DisposeAsync() =>
        new(HarnessTeardown.DisposeAsync(_hosts, Discord, ExpectedRejectionCodes, _postgres, _directory));
}
