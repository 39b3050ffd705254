using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Cli;

/// <summary><c>paperbot stats</c>: what the store holds.</summary>
internal static class StatsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("stats", "Show how many papers the store holds, by source.");
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(context, services.GetRequiredService<PaperStore>(), services.GetRequiredService<SemanticCoverage>(), token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, PaperStore store, SemanticCoverage coverage, CancellationToken cancellationToken)
    {
        var stats = await store.GetStatsAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<(string Name, string Value)>
        {
            ("papers", CliText.Number(stats.PaperCount)),
            ("newest paper", stats.NewestPublished is { } newest ? CliText.Date(newest) : "-"),
            ("last stored", stats.NewestFirstSeen?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "-"),
            ("vectors", await coverage.DescribeAsync(cancellationToken).ConfigureAwait(false)),
            ("database size", $"{CliText.Number((stats.DatabaseSizeBytes + 1023) / 1024)} KiB"),
        };
        rows.AddRange(stats.PapersPerSource
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => ($"  from {p.Key}", CliText.Number(p.Value))));

        var width = rows.Max(r => r.Name.Length);
        foreach (var (name, value) in rows)
        {
            await context.Console.Out.WriteLineAsync($"{name.PadRight(width)}  {value}").ConfigureAwait(false);
        }

        return CliExitCodes.Success;
    }
}
