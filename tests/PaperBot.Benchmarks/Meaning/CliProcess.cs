using System.Diagnostics;
using System.Globalization;

namespace PaperBot.Benchmarks.Meaning;

/// <summary>The built CLI run as its own process under <c>/usr/bin/time</c>: wall time and peak resident memory.</summary>
internal static class CliProcess
{
    public sealed record Run(int ExitCode, TimeSpan Elapsed, double PeakRssMb, string Out, string Error);

    /// <summary>
    /// The CLI's own build (src/PaperBot/bin/&lt;configuration&gt;), else the copy beside the benchmark, or null. The
    /// app's own folder comes first: the copy beside the benchmark runs with the benchmark's dependency versions and
    /// fails at start (TargetInvocationException), as the coldstart benchmark found too.
    /// </summary>
    public static string? Find()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PaperBot", "bin", configuration, "net10.0", "paperbot.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        // A build with -o puts everything in one folder.
        return File.Exists(Path.Combine(AppContext.BaseDirectory, "paperbot.runtimeconfig.json"))
            ? Path.Combine(AppContext.BaseDirectory, "paperbot.dll")
            : null;
    }

    public static async Task<Run> RunAsync(string cli, IReadOnlyList<string> args, CancellationToken ct)
    {
        var timed = File.Exists("/usr/bin/time");
        var start = new ProcessStartInfo(timed ? "/usr/bin/time" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (timed)
        {
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("peak-rss-kb %M");
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + cli);
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var errorText = await error;
        var peak = errorText.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("peak-rss-kb ", StringComparison.Ordinal));
        var rss = peak is null ? double.NaN : double.Parse(peak["peak-rss-kb ".Length..], CultureInfo.InvariantCulture) / 1024;
        var run = new Run(process.ExitCode, elapsed, rss, await output, errorText);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"paperbot {string.Join(' ', args)} failed (exit {run.ExitCode}): {run.Error}");
    }
}
