using System.Diagnostics;
using System.Globalization;
using PaperBot.FakeDiscord;

namespace PaperBot.Benchmarks.Discord;

/// <summary>One <c>paperbot run</c> of the fleet: its shard range, the shared PostgreSQL, its own /metrics port.</summary>
internal sealed class FleetProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FleetProcess(Process process, int metricsPort)
    {
        _process = process;
        MetricsPort = metricsPort;
    }

    public int Id => _process.Id;

    public int MetricsPort { get; }

    /// <param name="log">A file the process's output (its log) is appended to; null echoes its stderr with the shard range.</param>
    public static FleetProcess Start(FakeDiscordServer server, string connectionString, string folder, string shards, int shardCount, string? log = null)
    {
        Directory.CreateDirectory(folder);
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };

        // As in the process tests: the benchmark folder lacks the package copy of System.Threading.RateLimiting.
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add("--additionalprobingpath");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "paperbot.dll"));
        start.ArgumentList.Add("run");
        var metricsPort = FleetBenchmark.FreePort();
        var env = start.Environment;
        env["Discord__Token"] = server.BotToken;
        env["Discord__RestBaseUrl"] = server.RestBaseUrl.AbsoluteUri;
        env["Discord__ShardCount"] = shardCount.ToString(CultureInfo.InvariantCulture);
        env["Discord__Shards"] = shards;
        env["Discord__GlobalRequestsPerSecond"] = "25";
        env["Storage__DatabasePath"] = Path.Combine(folder, "paperbot.db");
        env["Storage__Provider"] = "postgres";
        env["Storage__ConnectionString"] = connectionString;

        // The digest phase subscribes channels in the shared database while the processes run: without a /digest
        // command in the process no wake-up comes, so the loop looks again every 5 s instead of every hour.
        env["Digest__MaxSleep"] = "00:00:05";
        env["Metrics__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        env["Ingestion__RunOnStart"] = "false";
        env["Ingestion__HuggingFace__Enabled"] = "false";
        env["Ingestion__Arxiv__Enabled"] = "false";
        env["Ingestion__Arxiv__OnDemand"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        // Each memory trim with its pause, for the figures in docs/benchmarks.md.
        env["Logging__LogLevel__PaperBot.Hosting.MemoryTrim"] = "Debug";
        // As the Docker image runs the bot (docs/operations.md, "Native memory").
        env["MALLOC_ARENA_MAX"] = "2";
        var process = Process.Start(start)!;
        var writer = log is null ? null : TextWriter.Synchronized(new StreamWriter(log, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                writer?.WriteLine(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                // The console log goes to stderr: kept whole in the log file when there is one, echoed otherwise.
                if (writer is not null)
                {
                    writer.WriteLine(line);
                }
                else
                {
                    Console.Error.WriteLine($"[{shards}] {line}");
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new FleetProcess(process, metricsPort);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }
}
