namespace PaperBot.Tests.Shell;

/// <summary>The shell answers a search by meaning as Discord does (they share the handlers).</summary>
public sealed class ShellMeaningSearchTests : IAsyncLifetime
{
    private ShellHarness _shell = null!;

    public async Task InitializeAsync() => _shell = await ShellHarness.StartAsync();

    public async Task DisposeAsync() => await _shell.DisposeAsync();

    [Fact]
    public async Task Search_MultimodalReasoning_ListsTheInterleavedImageTextPaper()
    {
        var (exitCode, output) = await _shell.RunAsync("/search multimodal reasoning");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("No papers match", output, StringComparison.Ordinal);
        Assert.Contains("`2412.00127`", output, StringComparison.Ordinal);
        Assert.Contains("No paper has every word", output, StringComparison.Ordinal);
    }
}
