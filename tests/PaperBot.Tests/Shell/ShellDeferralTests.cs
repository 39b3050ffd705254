namespace PaperBot.Tests.Shell;

/// <summary>A slow handler is deferred ("thinking…") as on Discord; the shell prints only the answer that replaces it.</summary>
public sealed class ShellDeferralTests
{
    [Fact]
    public async Task SlowHandler_AutoDeferred_PrintsTheAnswerOnceAndNoPlaceholder()
    {
        await using var shell = await ShellHarness.StartAsync(new Dictionary<string, string?> { ["Commands:AutoDeferAfter"] = "00:00:00.010" });
        var deferred = new TaskCompletionSource();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        shell.Hooks.BeforeHandler = async (context, _) =>
        {
            if (context.CommandPath == "paper show")
            {
                // Wait until the dispatcher has deferred, so the answer must come as an edit of the deferral.
                while (!context.HasResponded)
                {
                    // Past the deadline this throws: the shell then prints the failure and the asserts below fail.
                    await Task.Delay(5, deadline.Token);
                }

                deferred.TrySetResult();
            }
        };

        var (exitCode, output) = await shell.RunAsync("/show 2410.03355");

        Assert.Equal(0, exitCode);
        Assert.True(deferred.Task.IsCompleted, "the handler was not deferred");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "arXiv:2410.03355v1"));
        Assert.DoesNotContain("thinking", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("(updated)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Done.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowLibraryExport_PrivatelyDeferred_WritesTheFileFromTheEdit()
    {
        await using var shell = await ShellHarness.StartAsync(new Dictionary<string, string?> { ["Commands:AutoDeferAfter"] = "00:00:00.010" });
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        shell.Hooks.BeforeHandler = async (context, _) =>
        {
            if (context.CommandPath == "library export")
            {
                // As the module does, ask for a private deferral, then wait until it has happened: the export then
                // completes the deferral by editing it, and the file must come with that edit.
                context.DeferEphemeral = true;
                while (!context.HasResponded)
                {
                    await Task.Delay(5, deadline.Token);
                }
            }
        };

        var (exitCode, output) = await shell.RunAsync("/show 2410.03355", "save", "/library export format: bibtex");

        Assert.Equal(0, exitCode);
        var path = Path.Combine(shell.FilesFolder, "library.bib");
        Assert.Contains(path, output, StringComparison.Ordinal);
        Assert.Contains("2410.03355", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
    }
}
