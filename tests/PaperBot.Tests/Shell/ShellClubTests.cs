using System.Globalization;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The journal club in the local shell: the same /club handlers; the announcement and thread shown as text.</summary>
public sealed class ShellClubTests : ShellTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Club_AddScheduleDone_ShowsAnnouncementThreadAndArchive(StorageProvider provider)
    {
        await StartAsync(provider);
        var date = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var (exitCode, output) = await Shell.RunAsync(
            "/club add id: 2302.07863 note: section 3",
            "/club list",
            $"/club schedule id: 2302.07863 date: {date} presenter: @me",
            "/club done id: 2302.07863",
            "/club list");

        Assert.Equal(0, exitCode);
        Assert.Contains("📚 Added Speculative Decoding", output, StringComparison.Ordinal);
        Assert.Contains("📣 Posted in the channel:", output, StringComparison.Ordinal);
        Assert.Contains($"🧵 Opened the thread “Journal club {date}: Speculative Decoding", output, StringComparison.Ordinal);
        Assert.Contains("Scheduled", output, StringComparison.Ordinal);
        Assert.Contains("🧵 Archived the thread “Journal club", output, StringComparison.Ordinal);
        Assert.Contains("done and recorded", output, StringComparison.Ordinal);
        Assert.Contains("nothing in its reading queue", output, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Club_ScheduleBadPresenter_SaysHowToName(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/club schedule id: 2302.07863 date: 2099-01-01 presenter: somebody");

        Assert.Contains("`presenter` is a user", output, StringComparison.Ordinal);
        Assert.DoesNotContain("📣", output, StringComparison.Ordinal);
    }
}
