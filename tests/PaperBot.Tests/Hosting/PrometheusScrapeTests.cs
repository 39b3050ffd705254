using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>The bot's <c>/metrics</c> scraped over loopback HTTP, as Prometheus does, around real work through the fake Discord.</summary>
public sealed class PrometheusScrapeTests
{
    [Fact]
    public async Task Metrics_AfterSlashCommand_ServesStandardFamiliesWithMovedValues()
    {
        var port = FreePort();
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture) });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var before = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));

        await bot.FinalMessageAsync(await bot.SlashAsync("paper", "search", ("query", "speculative decoding")));
        await bot.IdleAsync();
        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var after = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("# HELP paperbot_commands_handled_total Slash commands, buttons and autocompletes handled\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE paperbot_commands_handled_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# HELP paperbot_command_duration_seconds Time from interaction to callback\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE paperbot_command_duration_seconds histogram\n", after, StringComparison.Ordinal);
        Assert.Contains("paperbot_command_duration_seconds_bucket{command=\"paper search\",outcome=\"ok\",le=\"+Inf\"} ", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE discord_rest_requests_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE paperbot_gateway_reconnects_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE discord_rest_invalid_requests gauge\n", after, StringComparison.Ordinal);

        // Process and runtime collectors.
        Assert.Contains("# TYPE process_cpu_seconds_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE process_working_set_bytes gauge\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_collection_count_total counter\n", after, StringComparison.Ordinal);
        Assert.Contains("# TYPE system_runtime_dotnet_gc_heap_total_allocated gauge\n", after, StringComparison.Ordinal);
        Assert.DoesNotContain("paperbot_paperbot", after, StringComparison.Ordinal);

        Assert.Equal(Sum(before, "paperbot_commands_handled_total") + 1, Sum(after, "paperbot_commands_handled_total"));
        Assert.Equal(Sum(before, "paperbot_command_duration_seconds_count") + 1, Sum(after, "paperbot_command_duration_seconds_count"));
        Assert.True(Sum(after, "discord_rest_requests_total") > Sum(before, "discord_rest_requests_total"), "the callback went to Discord over REST");
        Assert.True(Sum(after, "process_cpu_seconds_total") > 0);
        bot.AssertClean();
    }

    /// <summary>The sum of a metric's samples over all label sets (0 when absent).</summary>
    private static double Sum(string exposition, string name) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
