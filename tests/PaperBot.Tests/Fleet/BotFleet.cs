using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Discord.Gateway;
using PaperBot.FakeDiscord;
using PaperBot.Hosting;
using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Fleet;

/// <summary>
/// Two real <c>paperbot run</c> processes, shards 0-1 and 2-3 of four, each with its own SQLite file, over one
/// PostgreSQL test database (the sample papers written to it first) and the fake Discord on loopback.
/// </summary>
internal sealed class BotFleet : IAsyncDisposable
{
    public const int ShardCount = 4;

    private readonly string _root;
    private readonly Process?[] _processes = new Process?[2];
    private readonly ConcurrentQueue<string> _log = new();

    private BotFleet(FakeDiscordServer discord, PostgresTestDatabase postgres, string root)
    {
        Discord = discord;
        Postgres = postgres;
        _root = root;
    }

    public FakeDiscordServer Discord { get; }

    public PostgresTestDatabase Postgres { get; }

    public static readonly string[] Ranges = ["0-1", "2-3"];

    /// <summary>Which process (0 or 1) runs <paramref name="shard"/>.</summary>
    public static int ProcessOf(int shard) => shard / 2;

    /// <summary>The last lines both processes wrote to stderr/stdout, for failure messages.</summary>
    public string Log => string.Join('\n', _log.TakeLast(60));

    /// <summary>The lease owner name (<c>Fleet:InstanceName</c>) of process <paramref name="index"/>, the same after a restart.</summary>
    public static string InstanceName(int index) => $"fleet-p{index}";

    public Process Process(int index) => _processes[index] ?? throw new InvalidOperationException($"process {index} is not running");

    public static async Task<BotFleet> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null,
        string[]? ranges = null,
        Action<FakeDiscordOptions>? fake = null,
        Func<IServiceProvider, FakeDiscordServer, Task>? seed = null)
    {
        var options = new FakeDiscordOptions
        {
            ChannelMessageLimit = 10_000,
            RouteRequestLimit = 10_000,
            GlobalRequestsPerSecond = 1_000,
            MaxConcurrency = ShardCount,
            RecommendedShards = ShardCount,
            IdentifyInterval = TimeSpan.Zero,
        };
        fake?.Invoke(options);
        var discord = await FakeDiscordServer.StartAsync(options);
        var postgres = await PostgresTestDatabase.CreateAsync();
        var root = Path.Combine(Path.GetTempPath(), "paperbot-fleet-" + Guid.NewGuid().ToString("N"));
        var fleet = new BotFleet(discord, postgres, root);
        await SeedAsync(postgres.ConnectionString, Path.Combine(root, "seed"), discord, seed);

        ranges ??= Ranges;
        for (var i = 0; i < 2; i++)
        {
            fleet._processes[i] = fleet.StartProcess(i, ranges[i], settings);
        }

        // Every process's every shard, not just every shard once: with overlapping ranges (a misconfiguration a test
        // may provoke on purpose) a shard has two sessions, and an event the second one missed would hide the overlap.
        var sessions = ranges.Sum(r => GatewayShardRange.TryParse(r, ShardCount, out var shards, out _) ? shards.Count : 0);
        if (!await discord.WaitUntilAsync(() => discord.LiveShards.Count >= sessions, TimeSpan.FromSeconds(40)))
        {
            var live = string.Join(',', discord.LiveShards);
            await fleet.DisposeAsync();
            Assert.Fail($"live shards after 40 s: {live}\n{fleet.Log}");
        }

        return fleet;
    }

    /// <summary>The sample papers (and what <paramref name="seed"/> adds) written to the shared database by a CLI host of its own.</summary>
    private static async Task SeedAsync(string connectionString, string directory, FakeDiscordServer discord, Func<IServiceProvider, FakeDiscordServer, Task>? seed)
    {
        Directory.CreateDirectory(directory);
        using var host = PaperBotHost.CreateBuilder(new PaperBotHostSettings
        {
            Mode = PaperBotHostMode.Cli,
            DatabasePath = Path.Combine(directory, "papers.db"),
            WorkingDirectory = directory,
            Overrides = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:ConnectionString"] = connectionString,
            },
        }).Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<PaperStore>().UpsertManyAsync(SampleData.Load(), CancellationToken.None);
        if (seed is not null)
        {
            await seed(host.Services, discord);
        }

        await host.StopAsync();
    }

    private Process StartProcess(int index, string shards, IReadOnlyDictionary<string, string>? settings)
    {
        var folder = Path.Combine(_root, $"p{index}");
        Directory.CreateDirectory(folder);
        var start = PaperbotProcess.StartInfo(folder, ["run"]);
        var env = start.Environment;
        env["Discord__Token"] = Discord.BotToken;
        env["Discord__RestBaseUrl"] = Discord.RestBaseUrl.AbsoluteUri;
        env["Discord__ShardCount"] = ShardCount.ToString(CultureInfo.InvariantCulture);
        env["Discord__Shards"] = shards;
        env["Fleet__InstanceName"] = InstanceName(index);
        env["Discord__GlobalRequestsPerSecond"] = "400";
        env["Discord__RetryBaseDelay"] = "00:00:00.050";
        env["Storage__DatabasePath"] = Path.Combine(folder, "paperbot.db");
        env["Storage__Provider"] = "postgres";
        env["Storage__ConnectionString"] = Postgres.ConnectionString;
        env["Ingestion__RunOnStart"] = "false";
        env["Ingestion__HuggingFace__Enabled"] = "false";
        env["Ingestion__Arxiv__Enabled"] = "false";
        env["Ingestion__Arxiv__OnDemand"] = "false";
        env["Ingestion__HuggingFaceBaseUrl"] = "http://127.0.0.1:9/";
        env["Ingestion__ArxivApiBaseUrl"] = "http://127.0.0.1:9/";
        env["Metrics__Port"] = "0";
        env["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = System.Diagnostics.Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Keep(index, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(index, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Keep(int index, string? line)
    {
        if (line is { Length: > 0 })
        {
            _log.Enqueue($"[p{index}] {line}");
            while (_log.Count > 500 && _log.TryDequeue(out _))
            {
            }
        }
    }

    /// <summary>kill -9 of one process and everything it started.</summary>
    public async Task KillAsync(int index)
    {
        var process = Process(index);
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>A new guild on <paramref name="shard"/> with one channel.</summary>
    public (ulong Guild, ulong Channel) GuildOn(int shard, string name = "lab")
    {
        var guild = Discord.CreateGuildOnShard(shard, ShardCount, $"Shard {shard} {name}");
        return (guild, Discord.CreateChannel(guild));
    }

    /// <summary>The message that finally answers <paramref name="interaction"/> (original response once not loading, or the last followup).</summary>
    public async Task<FakeMessage> FinalMessageAsync(InjectedInteraction interaction, TimeSpan? timeout = null)
    {
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
            timeout ?? TimeSpan.FromSeconds(20));
        Assert.True(done, $"interaction {interaction.Id} in guild {interaction.GuildId} got no final answer (response type {interaction.ResponseType})\n{Log}");
        return final!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (process is null)
            {
                continue;
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
        }

        await Discord.DisposeAsync();
        await Postgres.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file the killed process held may linger a moment; the temp folder is the OS's to clean.
        }
    }
}
