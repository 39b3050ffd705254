using PaperBot.Shell;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The shell's <c>card</c> and <c>savelinks</c>: the message commands on typed text, through the same handlers as on Discord.</summary>
public sealed class ShellMessageCommandTests : IAsyncLifetime
{
    private readonly FakeArxiv _arxiv = new();
    private ShellHarness _shell = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the bot with the state in its provider's database.</summary>
    private async Task StartAsync(StorageProvider provider)
    {
        _arxiv.Add("2402.01234", "Pasted Paper About Sparse Retrieval");
        _shell = await ShellHarness.StartAsync(_arxiv.Settings(), provider: provider);
    }

    public async Task DisposeAsync()
    {
        if (_shell is not null)
        {
            await _shell.DisposeAsync();
        }

        await _arxiv.DisposeAsync();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Card_TextWithLinks_ShowsACardPerPaperAndItsSaveButtonSaves(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await _shell.RunAsync("card have you read https://arxiv.org/abs/2410.03355 and arXiv:2402.01234?", "save 2", "/library list");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Contains("LANTERN", answers[0], StringComparison.Ordinal);
        Assert.Contains("Pasted Paper About Sparse Retrieval", answers[0], StringComparison.Ordinal);
        Assert.Contains("Save 2", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain(ShellRenderer.EphemeralMark, answers[0], StringComparison.Ordinal);
        Assert.Contains("Saved Pasted Paper About Sparse Retrieval", answers[1], StringComparison.Ordinal);
        Assert.Contains("2402.01234", answers[2], StringComparison.Ordinal);
        Assert.DoesNotContain("2410.03355", answers[2], StringComparison.Ordinal);
        Assert.Single(_arxiv.Requests);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Savelinks_TextWithLinks_SavesEveryPaperPrivately(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await _shell.RunAsync("savelinks https://huggingface.co/papers/2410.03355 https://doi.org/10.48550/arXiv.2402.01234", "/library list");

        var answers = Answers(output);
        Assert.StartsWith(ShellRenderer.EphemeralMark, answers[0], StringComparison.Ordinal);
        Assert.Contains("Saved 2 papers", answers[0], StringComparison.Ordinal);
        Assert.Contains("2410.03355", answers[^1], StringComparison.Ordinal);
        Assert.Contains("2402.01234", answers[^1], StringComparison.Ordinal);
        Assert.Contains("(2 papers", answers[^1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Card_TextWithoutLinks_SaysWhatItLooksFor(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await _shell.RunAsync("card lunch at noon?");

        var answer = Assert.Single(Answers(output));
        Assert.Contains("links no paper I can read", answer, StringComparison.Ordinal);
        Assert.Empty(_arxiv.Requests);
    }

    private static List<string> Answers(string output) =>
        [.. output.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('\n'))];
}
