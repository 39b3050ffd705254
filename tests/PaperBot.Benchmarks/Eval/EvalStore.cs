using System.IO.Compression;
using Microsoft.Data.Sqlite;

namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// A temporary paper store built the way a user builds one: a fresh database (which holds the sample papers),
/// <c>paperbot import</c> of the corpus file when there is one, then <c>paperbot embed</c> when the CLI has it.
/// </summary>
public sealed class EvalStore : IDisposable
{
    private EvalStore(string directory, EvalCli cli, IReadOnlyList<string> modes, bool hasModes, string setup)
    {
        Directory = directory;
        Cli = cli;
        Modes = modes;
        HasModes = hasModes;
        Setup = setup;
    }

    public string Directory { get; }

    public EvalCli Cli { get; }

    /// <summary><c>words</c>, <c>meaning</c>, <c>hybrid</c>; only <c>words</c> when the CLI has no <c>--mode</c>.</summary>
    public IReadOnlyList<string> Modes { get; }

    /// <summary>Whether the CLI knows <c>--mode</c>; without it, <c>words</c> is today's search with no flag.</summary>
    public bool HasModes { get; }

    /// <summary>What building the store printed, for the report (import and embed summaries).</summary>
    public string Setup { get; }

    /// <param name="wordsOnly">Skip <c>embed</c> and measure only the lexical mode (no vectors are needed for it).</param>
    public static async Task<EvalStore> CreateAsync(string workDirectory, string? corpusFile, bool wordsOnly, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(workDirectory, "paperbot-eval-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var cli = new EvalCli(Path.Combine(directory, "papers.db"));
        var setup = new List<string>();

        var stats = await cli.RunAsync(cancellationToken, "stats").ConfigureAwait(false);
        Require(stats, "stats");
        if (corpusFile is not null)
        {
            var importable = Decompressed(corpusFile, directory);
            var import = await cli.RunAsync(cancellationToken, "import", importable).ConfigureAwait(false);
            Require(import, "import");
            setup.Add(import.Out.Trim());
        }

        var embed = wordsOnly ? new EvalCliRun(0, "embed: skipped, words only", "") : await cli.RunAsync(cancellationToken, "embed").ConfigureAwait(false);
        if (embed.ExitCode == 0)
        {
            setup.Add(LastLine(embed.Out + embed.Error));
        }
        else if (EvalCli.LooksLikeUsageError(embed.Error))
        {
            setup.Add("embed: not in this CLI (no vectors)");
        }
        else
        {
            Require(embed, "embed");
        }

        var probe = await cli.RunAsync(cancellationToken, "search", "probe", "--json", "--limit", "1", "--mode", "words").ConfigureAwait(false);
        var hasModes = !EvalCli.LooksLikeUsageError(probe.Error);
        if (!hasModes)
        {
            setup.Add("search: no --mode in this CLI, words only");
        }

        IReadOnlyList<string> modes = hasModes && !wordsOnly ? ["words", "meaning", "hybrid"] : ["words"];
        return new EvalStore(directory, cli, modes, hasModes, string.Join('\n', setup.Where(s => s.Length > 0)));
    }

    /// <summary>The <c>--mode</c> value to pass, or null for today's CLI that has no flag.</summary>
    public string? ModeArgument(string mode) => HasModes ? mode : null;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing an evaluation over.
        }
    }

    private static string Decompressed(string corpusFile, string directory)
    {
        if (!corpusFile.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return corpusFile;
        }

        var target = Path.Combine(directory, Path.GetFileNameWithoutExtension(corpusFile));
        using var input = new GZipStream(File.OpenRead(corpusFile), CompressionMode.Decompress);
        using var output = File.Create(target);
        input.CopyTo(output);
        return target;
    }

    private static void Require(EvalCliRun run, string what)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"paperbot {what} failed while building the evaluation store: {run}");
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', '\r').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
}
