using System.Text.Json;
using PaperBot.Cli;

namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// Runs <c>paperbot --db PATH ...</c> in-process through the CLI's own entry point (the one the CLI tests use),
/// so the evaluation measures exactly what a user gets from the command line.
/// </summary>
public sealed class EvalCli(string databasePath)
{
    public string DatabasePath { get; } = databasePath;

    public async Task<EvalCliRun> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await PaperBotCli.RunAsync(["--db", DatabasePath, .. args], stdout, stderr, cancellationToken).ConfigureAwait(false);
        return new EvalCliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The hits (id and title) of <c>search QUERY --json --limit N [--mode MODE]</c>, best first.</summary>
    public async Task<IReadOnlyList<EvalHit>> SearchAsync(string query, int limit, string? mode, CancellationToken cancellationToken)
    {
        string[] args = mode is null
            ? ["search", query, "--json", "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["search", query, "--json", "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), "--mode", mode];
        var run = await RunAsync(cancellationToken, args).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            // No match is exit 0 with no lines; a non-zero exit is a refused query or a broken store.
            throw new InvalidOperationException($"paperbot search \"{query}\" {(mode is null ? "" : "--mode " + mode)} failed: {run}");
        }

        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line =>
            {
                using var hit = JsonDocument.Parse(line);
                return new EvalHit(hit.RootElement.GetProperty("id").GetString() ?? "", hit.RootElement.GetProperty("title").GetString() ?? "");
            })
            .ToList();
    }

    public static bool LooksLikeUsageError(string error) =>
        error.Contains("Unrecognized command or argument", StringComparison.OrdinalIgnoreCase);
}

public sealed record EvalHit(string Id, string Title);

public sealed record EvalCliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
