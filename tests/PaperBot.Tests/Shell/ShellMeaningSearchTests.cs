using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The shell answers a search by meaning as Discord does (they share the handlers).</summary>
public sealed class ShellMeaningSearchTests : ShellTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_MultimodalReasoning_ListsTheInterleavedImageTextPaper(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/search multimodal reasoning");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("No papers match", output, StringComparison.Ordinal);
        Assert.Contains("`2412.00127`", output, StringComparison.Ordinal);
        Assert.Contains("No paper has every word", output, StringComparison.Ordinal);
    }
}
