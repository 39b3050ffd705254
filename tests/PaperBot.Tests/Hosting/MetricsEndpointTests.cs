using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Hosting;
using PaperBot.Hosting.Observability;
using PaperBot.Observability;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

public sealed class MetricsEndpointTests
{
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static IHost BuildHost(string databasePath, int port)
    {
        var builder = PaperBotHost.CreateBuilder(new PaperBotHostSettings
        {
            Mode = PaperBotHostMode.Bot,
            DatabasePath = databasePath,
            Overrides = new Dictionary<string, string?> { ["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        builder.Services.AddPaperBotObservability();
        return builder.Build();
    }

    [Fact]
    public async Task Endpoint_Enabled_ServesMetricsAndHealthOnLoopback()
    {
        using var cli = new CliHarness();
        var port = FreePort();
        using var host = BuildHost(cli.DatabasePath, port);
        await host.StartAsync();
        try
        {
            var metrics = host.Services.GetRequiredService<PaperBotMetrics>();
            metrics.CommandHandled("search", TimeSpan.FromMilliseconds(30), succeeded: true);
            metrics.CommandHandled("search", TimeSpan.FromMilliseconds(70), succeeded: true);
            metrics.PapersIngested("arxiv", 12);
            metrics.DigestPostSent();

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
            var health = await http.GetAsync(new Uri("health", UriKind.Relative));
            var missing = await http.GetAsync(new Uri("nope", UriKind.Relative));

            Console.WriteLine(text);
            Assert.Contains("paperbot_commands_handled_total{command=\"search\",outcome=\"ok\"} 2", text, StringComparison.Ordinal);
            Assert.Contains("paperbot_command_duration_seconds_count{command=\"search\",outcome=\"ok\"} 2", text, StringComparison.Ordinal);
            Assert.Contains("paperbot_command_duration_seconds_bucket{command=\"search\",outcome=\"ok\",le=\"0.05\"} 1", text, StringComparison.Ordinal);
            Assert.Contains("paperbot_papers_ingested_total{source=\"arxiv\"} 12", text, StringComparison.Ordinal);
            Assert.Contains("paperbot_digest_posts_sent_total 1", text, StringComparison.Ordinal);
            Assert.Contains("# TYPE paperbot_command_duration_seconds histogram", text, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.Equal("healthy\n", await health.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task Endpoint_PortZero_DoesNotListen()
    {
        using var cli = new CliHarness();
        using var host = BuildHost(cli.DatabasePath, 0);
        await host.StartAsync();
        try
        {
            Assert.Null(host.Services.GetRequiredService<MetricsEndpoint>().Prefix);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task CheckAsync_GatewayNotReady_ReportsUnhealthy()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);

        Assert.Null(await new HealthProbe(db.Connections, () => null).CheckAsync(CancellationToken.None));
        Assert.Null(await new HealthProbe(db.Connections, () => true).CheckAsync(CancellationToken.None));
        Assert.Equal("gateway not connected", await new HealthProbe(db.Connections, () => false).CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task StopAsync_AfterWrites_LeavesEmptyWalAndTwentySecondShutdownTimeout()
    {
        using var cli = new CliHarness();
        using var host = BuildHost(cli.DatabasePath, 0);
        await host.StartAsync();
        // An open connection of the test's own keeps the WAL file in place (SQLite deletes it when the last
        // connection closes, and other tests clear the connection pools at any moment). It must have read once:
        // only then does it hold the shared lock that tells a closing connection it is not the last.
        await using var keeper = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cli.DatabasePath};Pooling=False");
        await keeper.OpenAsync();
        await using (var read = keeper.CreateCommand())
        {
            read.CommandText = "SELECT count(*) FROM papers";
            await read.ExecuteScalarAsync();
        }
        var store = host.Services.GetRequiredService<PaperBot.Papers.PaperStore>();
        await store.UpsertAsync(new PaperBot.Papers.Paper { Id = "2501.00001", Version = 1, Title = "Checkpointed", Abstract = "x", Sources = ["import"] }, CancellationToken.None);
        var wal = cli.DatabasePath + "-wal";
        Assert.True(File.Exists(wal) && new FileInfo(wal).Length > 0, "the write should have gone to the WAL");

        await host.StopAsync();

        Assert.Equal(0, new FileInfo(wal).Length);
        Assert.Equal(TimeSpan.FromSeconds(20), host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
