using System.Diagnostics;
using Microsoft.Data.Sqlite;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The real <c>paperbot</c> process with piped stdin, as <c>echo '/paper show id: 2410.03355' | paperbot shell</c>.</summary>
public sealed class ShellProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-shellproc-" + Guid.NewGuid().ToString("N"));

    public ShellProcessTests() => Directory.CreateDirectory(_directory);

    private string DatabasePath => Path.Combine(_directory, "papers.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }

    [Fact]
    public async Task ShellVerb_PipedShow_PrintsTheDetailAndExits0()
    {
        var run = await RunAsync(["--db", DatabasePath, "shell"], "/paper show id: 2410.03355\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("│ LANTERN: Accelerating Visual Autoregressive Models", run.Out, StringComparison.Ordinal);
        Assert.Contains("└─ arXiv:2410.03355v1", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("> ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellVerb_PipedSearchNextAndHelp_AnswersEachAndExits0()
    {
        var run = await RunAsync(["--db", DatabasePath, "shell"], "/search model\nnext\n/help\nquit\n/status\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Papers matching “model”", run.Out, StringComparison.Ordinal);
        Assert.Contains("Page 2 of", run.Out, StringComparison.Ordinal);
        Assert.Contains("`/paper search` Search papers", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PaperBot status", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoVerbWithoutToken_StartsTheShellAndSaysWhy()
    {
        var run = await RunAsync(["--db", DatabasePath], "/search speculative decoding\n/show 2501.99999\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Starting the local shell instead", run.Error, StringComparison.Ordinal);
        Assert.Contains("`2410.03355`", run.Out, StringComparison.Ordinal);
        Assert.Contains("I don't have arXiv:2501.99999", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellVerb_LibraryExport_WritesTheFileInTheWorkingDirectory()
    {
        var run = await RunAsync(["--db", DatabasePath, "shell"], "/show 2410.03355\nsave\n/library export format: csv\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        var path = Path.Combine(_directory, "library.csv");
        Assert.Contains($"File saved: {path}", run.Out, StringComparison.Ordinal);
        Assert.Contains("2410.03355", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShellVerb_PipedPaperLibraryAndDigestCommands_GoodAndBadInput_AnswersEach()
    {
        var run = await RunAsync(
            ["--db", DatabasePath, "shell"],
            string.Join('\n',
                "/paper latest count: 3",
                "/paper latest count: 99",
                "/paper related id: 2410.03355",
                "/paper search query: speculative decoding sort: newest",
                "/paper search query: \"",
                "/paper show id: not-an-id",
                "/paperbot status",
                "/library list",
                "/library recommend",
                "/digest settings",
                "/nosuch thing") + "\n");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("│ Newest papers", run.Out, StringComparison.Ordinal);
        Assert.Contains("type `save <number>` (1-3)", run.Out, StringComparison.Ordinal);
        Assert.Contains("`count` must be between 1 and 10; you gave 99.", run.Out, StringComparison.Ordinal);
        Assert.Contains("│ Related to “LANTERN: Accelerating Visual Autoregressive Models with Relaxed Speculative Decoding”", run.Out, StringComparison.Ordinal);
        Assert.Contains("│ 1. Continuous Speculative Decoding for Autoregressive Image Generation", run.Out, StringComparison.Ordinal);
        Assert.Contains("4 results · sorted by newest", run.Out, StringComparison.Ordinal);
        Assert.Contains("There is nothing to search for in that query", run.Out, StringComparison.Ordinal);
        Assert.Contains("`not-an-id` is neither an arXiv id nor the id of a paper in my store.", run.Out, StringComparison.Ordinal);
        Assert.Contains("│ Papers in store: 56", run.Out, StringComparison.Ordinal);
        Assert.Contains("Your library is empty.", run.Out, StringComparison.Ordinal);
        Assert.Contains("Save a few papers first", run.Out, StringComparison.Ordinal);
        Assert.Contains("This channel has no digest.", run.Out, StringComparison.Ordinal);
        Assert.Contains("Unknown command `/nosuch`.", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Out + run.Error, StringComparison.Ordinal);
    }

    private async Task<ShellRun> RunAsync(string[] args, string stdin)
    {
        var start = PaperbotProcess.StartInfo(_directory, args);
        start.RedirectStandardInput = true;
        start.StandardOutputEncoding = System.Text.Encoding.UTF8;

        // Whatever the developer's environment holds, this must be the tokenless shell.
        foreach (var name in new[] { "Discord__Token", "PaperBot__Discord__Token", "Discord__TokenFile", "PaperBot__Discord__TokenFile" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["Ingestion__RunOnStart"] = "false";
        start.Environment["Ingestion__HuggingFaceBaseUrl"] = "http://127.0.0.1:9/";
        start.Environment["Ingestion__ArxivApiBaseUrl"] = "http://127.0.0.1:9/";
        start.Environment["Ingestion__Arxiv__OnDemand"] = "false";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ShellRun(process.ExitCode, await stdout, await stderr);
    }

    private sealed record ShellRun(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }
}
