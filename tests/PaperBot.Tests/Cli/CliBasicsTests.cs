using PaperBot.Cli;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

public sealed class CliBasicsTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task RunAsync_UnknownVerb_Exits1WithParseErrorOnStderr()
    {
        var run = await cli.RunAsync("frobnicate");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("frobnicate", run.Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("shell")]
    // Whoever gives BotEntryPoint its real body keeps this passing with an empty stdin and no Discord token.
    public async Task RunAsync_NoVerbOrShell_GoesToTheBotEntryPointAndEndsOnEmptyInput(string verb)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exitCode = await PaperBotCli.RunAsync(["--db", cli.DatabasePath, .. (verb.Length > 0 ? new[] { verb } : [])], new CliConsole(new StringReader(""), stdout, stderr, false), CancellationToken.None);

        Assert.True(exitCode == 0, stderr.ToString());
        Assert.DoesNotContain("Unrecognized", stderr.ToString());
    }

    [Fact]
    public async Task RunAsync_Help_ListsTheVerbs()
    {
        var run = await cli.RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "import", "search", "show", "export", "stats", "ingest" })
        {
            Assert.Contains(verb, run.Out);
        }
    }

    [Fact]
    public async Task RunAsync_IngestWithMalformedDate_Exits1AndNamesTheFormat()
    {
        var run = await cli.RunAsync("ingest", "--date", "28/11/2026");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("YYYY-MM-DD", run.Error);
    }

    [Fact]
    public async Task RunAsync_LimitIsNotANumber_Exits1WithTheParseError()
    {
        var run = await cli.RunAsync("search", "diffusion", "--limit", "abc");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Cannot parse argument 'abc' for option '--limit'", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WordsWithoutQuotes_AreOneQuery()
    {
        var quoted = await cli.RunAsync("search", "speculative decoding -image", "--json");
        var words = await cli.RunAsync("search", "speculative", "decoding", "-image", "--json");
        var optionFirst = await cli.RunAsync("search", "--json", "speculative", "decoding", "-image");

        Assert.True(words.ExitCode == 0, words.ToString());
        Assert.NotEmpty(quoted.JsonLines());
        Assert.Equal(quoted.Out, words.Out);
        Assert.Equal(quoted.Out, optionFirst.Out);
    }

    [Theory]
    [InlineData(new[] { "search", "diffusion", "--limit", "0" }, "paperbot: --limit must be between 1 and 100.", "Run 'paperbot search --help' for usage.")]
    [InlineData(new[] { "search", "diffusion", "--limit", "abc" }, "paperbot: Cannot parse argument 'abc' for option '--limit' as a whole number.", "Run 'paperbot search --help' for usage.")]
    [InlineData(new[] { "search", "diffusion", "--sort", "best" }, "paperbot: Cannot parse argument 'best' for option '--sort' (use relevance, newest, upvotes).\n", "Run 'paperbot search --help' for usage.")]
    [InlineData(new[] { "show" }, "paperbot: Required argument missing for command: 'show'.", "Run 'paperbot show --help' for usage.")]
    [InlineData(new[] { "serch", "diffusion" }, "paperbot: Unrecognized command or argument 'serch'.\nDid you mean 'paperbot search'?\nRun", "Run 'paperbot --help' for usage.")]
    [InlineData(new[] { "search", "diffusion", "--frobnicate" }, "paperbot: Unrecognized command or argument '--frobnicate'.\nRun", "Run 'paperbot search --help' for usage.")]
    public async Task RunAsync_CommandLineMistake_Exits1WithTheErrorAndWhereHelpIs(string[] args, string error, string hint)
    {
        var run = await cli.RunAsync(args);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(error, run.Error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal("", run.Out);
        Assert.DoesNotContain("System.", run.Error, StringComparison.Ordinal);
        Assert.EndsWith(hint, run.Error.TrimEnd(), StringComparison.Ordinal);
        // Not the whole help page: the error is the news.
        Assert.DoesNotContain("Usage:", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DatabasePathIsAFolder_Exits1AndSaysSo()
    {
        var run = await CliHarness.RunOnAsync(cli.Directory, "stats");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is a folder, not a database file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BackupToAFolder_Exits1AndSaysSo()
    {
        var run = await cli.RunAsync("backup", cli.Directory, "--force");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is a folder; name the backup file", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImportAFolder_Exits1AndSaysItIsAFolder()
    {
        var run = await cli.RunAsync("import", cli.Directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is a folder; name the files to import", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Access to the path", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ExportIntoAMissingFolder_Exits1NamingTheFolderNotATemporaryFile()
    {
        var missing = Path.Combine(cli.Directory, "no-such-folder");

        var run = await cli.RunAsync("export", "--output", Path.Combine(missing, "papers.jsonl"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"the folder {missing} does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", run.Error, StringComparison.Ordinal);
    }
}
