using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Benchmarks.Harness;
using PaperBot.Discord;
using PaperBot.Discord.Models;
using PaperBot.Discord.RateLimits;
using PaperBot.Discord.Rest;

namespace PaperBot.Benchmarks.Discord;

/// <summary>
/// The REST client's own cost per interaction callback (rate limiter, request building, JSON) with an answer that
/// costs nothing (an in-process handler returning 204), as the buckets of past interactions pile up: each interaction
/// has a callback bucket of its own, so a bot answering 100 a second holds thousands a minute later.
/// </summary>
internal static class LimiterBenchmark
{
    public static async Task RunAsync(BenchmarkArgs args, CancellationToken ct)
    {
        var options = Microsoft.Extensions.Options.Options.Create(new DiscordOptions
        {
            Token = "benchmark",
            RestBaseUrl = new Uri("http://discord.invalid/api/v10"),
            RateLimitMargin = TimeSpan.Zero,
        });
        var metrics = new DiscordRestMetrics();
        var limiter = new DiscordRateLimiter(options, TimeProvider.System, metrics, NullLogger<DiscordRateLimiter>.Instance);
        using var http = new HttpClient(new NoContentHandler());
        var client = new DiscordRestClient(http, options, limiter, metrics, TimeProvider.System, NullLogger<DiscordRestClient>.Instance);

        var next = 1UL;
        async Task CallbackAsync()
        {
            var id = next++;
            await client.CreateInteractionResponseAsync(id, $"token-{id}", InteractionResponse.DeferredMessage(), ct);
        }

        const int Measured = 2_000;
        var table = new Table("interaction buckets held before", "CPU per callback", "wall per callback");
        foreach (var held in args.Smoke ? new[] { 500, 2_000 } : [500, 2_000, 6_000, 12_000, 24_000])
        {
            while (next < (ulong)held)
            {
                await CallbackAsync();
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.GetTimestamp();
            for (var i = 0; i < Measured; i++)
            {
                await CallbackAsync();
            }

            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            table.Add(held.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                $"{used.TotalMicroseconds / Measured:0.0} µs", $"{Stopwatch.GetElapsedTime(wall).TotalMicroseconds / Measured:0.0} µs");
        }

        Console.WriteLine();
        Console.WriteLine($"limiter benchmark: {Measured:N0} interaction callbacks after each number of held buckets, answered in-process (204)");
        table.Print(Console.Out);
    }

    private sealed class NoContentHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent));
    }
}
