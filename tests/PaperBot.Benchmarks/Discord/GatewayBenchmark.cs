using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Benchmarks.Harness;
using PaperBot.Discord;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// Interactions injected at a steady rate through the fake gateway; a trivial handler answers each through
/// DiscordRestClient. Latency = the fake's arrival time of the callback − the injection time.
/// </summary>
internal static class GatewayBenchmark
{
    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var count = args.Smoke ? 200 : 1_000;
        const int warmUp = 100; // JIT and connection warm-up; not recorded
        const int perSecond = 200;
        await using var setup = await FakeDiscordSetup.StartAsync(new FakeDiscordOptions(), ct);
        var guild = setup.Server.CreateGuild();
        var channel = setup.Server.CreateChannel(guild);

        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = Environment.WorkingSet;
        await using var client = new DiscordGatewayClient(
            Options.Create(new DiscordOptions { Token = setup.Server.BotToken }),
            Options.Create(new DiscordGatewayOptions()),
            new DelegateGatewayUrlSource(_ => Task.FromResult(setup.Server.GatewayUrl)),
            TimeProvider.System,
            NullLogger<DiscordGatewayClient>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var handler = new AnsweringHandler(setup.Rest);
        var run = client.RunAsync(handler, stop.Token);
        await client.WaitForReadyAsync(ct);
        await setup.Server.WaitForReadyAsync(TimeSpan.FromSeconds(10), ct);

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var injected = new List<(DateTimeOffset At, InjectedInteraction Interaction)>(count + warmUp);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count + warmUp; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)perSecond) - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            var at = TimeProvider.System.GetUtcNow();
            var interaction = await setup.Server.InjectSlashCommandAsync("search", null, guild, channel, 42, ct: ct);
            injected.Add((at, interaction));
        }

        var latencies = new Latencies();
        foreach (var (at, interaction) in injected.Skip(warmUp))
        {
            var response = await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(10), ct);
            latencies.Add(response.At - at);
        }

        var injectSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds * count / (count + warmUp);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var workingSetAfter = Environment.WorkingSet;
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        await stop.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }

        var table = new Table("measure", "value");
        table.Add("interactions", $"{count} at {perSecond}/s ({count / injectSeconds:0}/s achieved), after {warmUp} unrecorded");
        table.Add("event-to-callback p50", latencies.P50);
        table.Add("event-to-callback p99", latencies.P99);
        table.Add("event-to-callback max", Latencies.Format(latencies.Percentile(100)));
        table.Add("handler failures", handler.Failures.ToString(CultureInfo.InvariantCulture));
        table.Add("429s (fake)", setup.Server.TooManyRequestsSent.ToString(CultureInfo.InvariantCulture));
        table.Add("managed heap before/after (full GC)", $"{Mb(memoryBefore)} / {Mb(memoryAfter)}");
        table.Add("working set before/after", $"{Mb(workingSetBefore)} / {Mb(workingSetAfter)}");
        table.Add("allocated during run (process, incl. fake)", $"{Mb(allocated)} ({allocated / count / 1024.0:0.0} KB per interaction)");
        Console.WriteLine("gateway benchmark (client and fake share one process: memory figures include the fake)");
        table.Print(Console.Out);
    }

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private sealed class AnsweringHandler(DiscordRestClient rest) : IGatewayEventHandler
    {
        private int failures;

        public int Failures => Volatile.Read(ref failures);

        public async ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
        {
            if (gatewayEvent is not InteractionCreateEvent { Interaction: var interaction })
            {
                return;
            }

            try
            {
                await rest.CreateInteractionResponseAsync(
                    interaction.Id,
                    interaction.Token,
                    InteractionResponse.Message(new InteractionCallbackData { Content = "pong" }),
                    cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }
}
