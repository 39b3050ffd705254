using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The shell answers a search by meaning as Discord does (they share the handlers).</summary>
public sealed class ShellMeaningSearchTests : IAsyncLifetime
{
    private ShellHarness _shell = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Each test starts the bot with the state in its provider's database.</summary>
    private async Task StartAsync(StorageProvider provider) =>
        _shell = await ShellHarness.StartAsync(provider: provider);

    public async Task DisposeAsync()
    {
        if (_shell is not null)
        {
            await _shell.DisposeAsync();
        }
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_MultimodalReasoning_ListsTheInterleavedImageTextPaper(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await _shell.RunAsync("/search multimodal reasoning");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("No papers match", output, StringComparison.Ordinal);
        Assert.Contains("`2412.00127`", output, StringComparison.Ordinal);
        Assert.Contains("No paper has every word", output, StringComparison.Ordinal);
    }
}
