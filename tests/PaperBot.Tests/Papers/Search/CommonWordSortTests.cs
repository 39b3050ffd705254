using System.Text.RegularExpressions;
using PaperBot.Papers;
using PaperBot.Storage;
using PaperBot.Tests.Shell;

namespace PaperBot.Tests.Papers.Search;

/// <summary>
/// A query in most papers, sorted by newest with a filter, typed into the shell: the order covers the whole store,
/// not a window of recently stored papers (the candidate window is shrunk so a few hundred papers exceed it).
/// </summary>
public sealed class CommonWordSortTests
{
    private const string Recent = "2606.00001";

    [Fact]
    public async Task Search_CommonWordSinceSortedNewest_RecentPaperImportedBeforeAnArchiveComesFirst()
    {
        await using var shell = await StartWithArchiveAsync(new Dictionary<string, string?> { ["Search:CandidateLimit"] = "100" });

        var (exitCode, output) = await shell.RunAsync("/paper search query: model since:2010 sort: newest");

        Assert.Equal(0, exitCode);
        // The first paper listed (ids appear as `2606.00001` under each title).
        Assert.Equal(Recent, Regex.Match(output, @"`(\d{4}\.\d{5})`").Groups[1].Value);
        Assert.DoesNotContain("Partial", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_CommonWordSortedNewestOverItsBudget_SaysTheSortIsPartial()
    {
        await using var shell = await StartWithArchiveAsync(new Dictionary<string, string?>
        {
            ["Search:CandidateLimit"] = "100",
            ["Search:SortedReadSteps"] = "1000",
        });

        var (exitCode, output) = await shell.RunAsync("/paper search query: model since:2010 sort: newest");

        Assert.Equal(0, exitCode);
        Assert.Contains("Partial: sorted among the most recently stored matches only", output, StringComparison.Ordinal);
    }

    /// <summary>A 2026 paper stored first, then an archive of 400 papers from 2012-2013, all holding "model".</summary>
    private static async Task<ShellHarness> StartWithArchiveAsync(IReadOnlyDictionary<string, string?> overrides)
    {
        var shell = await ShellHarness.StartAsync(overrides);
        var store = new PaperStore(new SqliteConnectionFactory(Path.Combine(shell.Directory, "papers.db")), TimeProvider.System);
        var recent = new Paper
        {
            Id = Recent,
            Title = "A recent model of sea ice",
            Abstract = "We propose a model of sea ice.",
            Categories = ["physics.ao-ph"],
            Published = new DateOnly(2026, 6, 1),
            Sources = ["import"],
        };
        await store.UpsertManyAsync([recent], CancellationToken.None);
        var archive = Enumerable.Range(1, 400).Select(i => new Paper
        {
            Id = $"2012.{i:00000}",
            Title = $"An archived model number {i}",
            Abstract = "A model of rivers and lakes.",
            Categories = ["physics.ao-ph"],
            Published = new DateOnly(2012, 1, 1).AddDays(i),
            Sources = ["import"],
        });
        await store.UpsertManyAsync(archive, CancellationToken.None);
        return shell;
    }
}
