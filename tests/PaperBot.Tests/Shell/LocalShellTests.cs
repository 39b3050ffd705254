using System.Text.RegularExpressions;
using PaperBot.Interactions;
using PaperBot.Shell;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>The local shell driven as a user types into it, on a real SQLite file seeded with the sample papers.</summary>
public sealed partial class LocalShellTests : ShellTestBase
{
    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_FullAndShortForm_ListTheSameResults(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/paper search query: speculative decoding", "/search speculative decoding");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Equal(2, answers.Count);
        Assert.All(answers, a => Assert.Contains("Papers matching “speculative decoding”", a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.Contains("`2410.03355`", a, StringComparison.Ordinal));
        Assert.Equal(answers[0], answers[1]);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_FiltersOnly_SaysTheListIsNewestFirst(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/search since:2024-12-01");

        Assert.Equal(0, exitCode);
        var answer = Assert.Single(Answers(output));
        Assert.Contains("· sorted by newest", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("relevance", answer, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_AnotherVersion_ShowsTheStoredOneWithANote(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/show 2410.03355v2", "/show arXiv:2410.03355v1");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Contains("PaperBot has v1 of this paper; for v2, see arXiv: https://arxiv.org/abs/2410.03355v2\n", answers[0], StringComparison.Ordinal);
        Assert.Contains("arXiv:2410.03355v1", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("see arXiv", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Suggest_PartialValues_ListWhatDiscordWouldOfferWhileTyping(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync(
            "suggest /search specul",
            "suggest /digest subscribe timezone: Berl",
            "suggest /show 2410.03",
            "suggest /search zzzqqqx",
            "suggest /paper latest count: 3",
            "suggest /nosuch");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Equal(6, answers.Count);
        Assert.StartsWith("Suggestions:", answers[0], StringComparison.Ordinal);
        Assert.Contains("LANTERN: Accelerating Visual Autoregressive Models with Relaxed Speculative Decoding", answers[0], StringComparison.Ordinal);
        Assert.Equal("Suggestions:\n  1. Europe/Berlin", answers[1]);
        Assert.Contains("2410.03355 · LANTERN", answers[2], StringComparison.Ordinal);
        Assert.EndsWith("→  2410.03355", answers[2], StringComparison.Ordinal);
        Assert.Equal("No suggestions.", answers[3]);
        Assert.Equal("`/paper latest` has no option with suggestions.", answers[4]);
        Assert.StartsWith("Unknown command `/nosuch`.", answers[5], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Buttons_NextByLabelThenByNumberThenPrev_ShowPages2Then3Then2(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/search model", "next", "2", "PREV");

        var answers = Answers(output);
        Assert.Equal(4, answers.Count);
        Assert.Contains("Page 1 of", answers[0], StringComparison.Ordinal);
        Assert.Contains("[1] ◀ Prev (off)  [2] Next ▶", answers[0], StringComparison.Ordinal);
        Assert.StartsWith(ShellRenderer.UpdatedMark, answers[1], StringComparison.Ordinal);
        Assert.Contains("Page 2 of", answers[1], StringComparison.Ordinal);
        Assert.Contains("│ 6. ", answers[1], StringComparison.Ordinal);
        Assert.Contains("Page 3 of", answers[2], StringComparison.Ordinal);
        Assert.Contains("│ 11. ", answers[2], StringComparison.Ordinal);
        Assert.Contains("Page 2 of", answers[3], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Commands_WithoutTheSlash_RunAsWithIt_OtherWordsAreExplained(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("search model", "next", "paper show 2410.03355", "saved", "speculative decoding");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Contains("Page 1 of", answers[0], StringComparison.Ordinal);
        // A button's label presses the button.
        Assert.Contains("Page 2 of", answers[1], StringComparison.Ordinal);
        Assert.Contains("LANTERN", answers[2], StringComparison.Ordinal);
        Assert.Contains("Your library is empty", answers[3], StringComparison.Ordinal);
        Assert.Contains("I don't understand `speculative decoding`", answers[4], StringComparison.Ordinal);
        Assert.Contains("the slash may be left out", answers[4], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task DigestPreview_NothingNew_SaysSinceWhenAndForWhichTopics(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/digest subscribe time: 08:30 timezone: Europe/Berlin topics: quantum gravity", "/digest preview");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Contains("Subscribed this channel", answers[0], StringComparison.Ordinal);
        Assert.Contains("No papers new to PaperBot since", answers[1], StringComparison.Ordinal);
        Assert.Contains("this channel's topics `quantum gravity`", answers[1], StringComparison.Ordinal);
        Assert.Contains("UTC", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_OneUndatedMatch_ShowsTheMonthOfItsIdAndSpeaksOfOneResult(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/search randaugment");

        Assert.Equal(0, exitCode);
        var answer = Assert.Single(Answers(output));
        Assert.Contains("· 2019-09 · `1909.13719`", answer, StringComparison.Ordinal);
        Assert.Contains("Page 1 of 1 · 1 result · sorted by relevance", answer, StringComparison.Ordinal);
        Assert.Contains("type `save 1`", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("> \\[This paper was withdrawn\\]\n\n9. [ControlAR: control](https://arxiv.org/abs/2410.02705)", "> [This paper was withdrawn]\n\n9. ControlAR: control (https://arxiv.org/abs/2410.02705)")]
    [InlineData("Attention \\<@123\\> is all you need", "Attention <@123> is all you need")]
    [InlineData("Saved by <@123> in <#456>", "Saved by you in this channel")]
    [InlineData("**<#456>** posts at <t:0:F>", "This channel posts at 1970-01-01 00:00 UTC")]
    [InlineData("for v2, see arXiv: <https://arxiv.org/abs/2410.03355v2>; \\<https://x.example\\>", "for v2, see arXiv: https://arxiv.org/abs/2410.03355v2; <https://x.example>")]
    public void Plain_EscapedTextStaysLiteral_RealLinksAndMentionsRead(string markdown, string expected)
    {
        Assert.Equal(expected, ShellRenderer.Plain(markdown));
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Search_OnePageOfResults_PrintsNoPagingButtons(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/search author:\"Tianheng Cheng\"", "next");

        var answers = Answers(output);
        Assert.Contains("Page 1 of 1 ·", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Prev", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Next ▶", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Page 2", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Buttons_DisabledOrMissing_SayWhyAndKeepGoing(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("next", "/search model", "prev", "9", "/status");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Contains("I don't understand `next`", answers[0], StringComparison.Ordinal);
        Assert.Contains("`◀ Prev` button is off", answers[2], StringComparison.Ordinal);
        Assert.Contains("no button [9]", answers[3], StringComparison.Ordinal);
        Assert.Contains("PaperBot status", answers[4], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SaveMenu_OnPage2_SavesThatPaperAndLibraryListShowsIt(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/search model", "next", "save 7", "/library list");

        var answers = Answers(output);
        var saved = EntryId(answers[1], 7);
        Assert.Contains("Saved", answers[2], StringComparison.Ordinal);
        Assert.Contains(saved, answers[2], StringComparison.Ordinal);
        Assert.StartsWith(ShellRenderer.EphemeralMark, answers[2], StringComparison.Ordinal);
        Assert.Contains("Your library (1 paper", answers[3], StringComparison.Ordinal);
        Assert.Contains($"`{saved}`", answers[3], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task SaveMenu_NumberNotOnThePage_SaysWhichNumbersExist(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/search model", "save 7", "/library list");

        var answers = Answers(output);
        Assert.Contains("pick one of 1-5", answers[1], StringComparison.Ordinal);
        Assert.Contains("empty", answers[2], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_KnownId_PrintsTheDetailBoxWithItsSaveButton(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/paper show id: 2410.03355", "save", "/library list");

        var answers = Answers(output);
        Assert.Contains("┌", answers[0], StringComparison.Ordinal);
        Assert.Contains("│ LANTERN: Accelerating Visual Autoregressive Models", answers[0], StringComparison.Ordinal);
        Assert.Contains("│ https://arxiv.org/abs/2410.03355", answers[0], StringComparison.Ordinal);
        Assert.Contains("│ Authors: Doohyuk Jang", answers[0], StringComparison.Ordinal);
        Assert.Contains("└─ arXiv:2410.03355v1", answers[0], StringComparison.Ordinal);
        Assert.Contains("[1] Save", answers[0], StringComparison.Ordinal);
        Assert.Contains("PDF: https://arxiv.org/pdf/2410.03355", answers[0], StringComparison.Ordinal);
        Assert.Contains("Saved", answers[1], StringComparison.Ordinal);
        Assert.Contains("`2410.03355`", answers[2], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Show_UnknownId_SaysSoPrivately(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/show 2501.99999");

        Assert.Equal(0, exitCode);
        var answer = Assert.Single(Answers(output));
        Assert.StartsWith(ShellRenderer.EphemeralMark, answer, StringComparison.Ordinal);
        Assert.Contains("I don't have arXiv:2501.99999", answer, StringComparison.Ordinal);
        Assert.Contains("/paper search", answer, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Latest_WithCount_ListsThatManyPapers(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/paper latest count: 2", "/latest 3");

        var answers = Answers(output);
        Assert.Contains("Newest papers", answers[0], StringComparison.Ordinal);
        Assert.Contains("│ 2. ", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("│ 3. ", answers[0], StringComparison.Ordinal);
        Assert.Contains("│ 3. ", answers[1], StringComparison.Ordinal);
        Assert.Contains("type `save <number>` (1-3)", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Related_KnownId_ListsOtherPapers(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/related 2410.03355");

        var answer = Assert.Single(Answers(output));
        Assert.Contains("Related to “LANTERN", answer, StringComparison.Ordinal);
        Assert.Contains("│ 1. ", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("`2410.03355`", answer, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task PaperbotHelpAndStatus_FullAndShortForms_Answer(StorageProvider provider)
    {
        await StartAsync(provider);
        // Help has blank lines of its own, so each command gets its own run.
        string[] answers = [
            (await Shell.RunAsync("/paperbot help")).Output,
            (await Shell.RunAsync("/help")).Output,
            (await Shell.RunAsync("/paperbot status")).Output,
            (await Shell.RunAsync("/status")).Output];

        Assert.Contains("`/paper search` Search papers", answers[0], StringComparison.Ordinal);
        Assert.Contains("Search syntax", answers[0], StringComparison.Ordinal);
        Assert.Equal(answers[0], answers[1]);
        Assert.Contains("│ PaperBot status", answers[2], StringComparison.Ordinal);
        Assert.Matches(@"Papers in store: [1-9]", answers[2]);
        Assert.Contains("Version:", answers[3], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LibraryExport_WritesTheFileAndPrintsItsPath(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/show 2410.03355", "save", "/library export format: bibtex");

        var export = Answers(output)[2];
        var match = FileSaved().Match(export);
        Assert.True(match.Success, export);
        var path = match.Groups[1].Value;
        Assert.Equal(Path.Combine(Shell.FilesFolder, "library.bib"), path);
        var bibtex = await File.ReadAllTextAsync(path);
        Assert.Contains("@", bibtex, StringComparison.Ordinal);
        Assert.Contains("2410.03355", bibtex, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task LibraryExport_Twice_KeepsTheFirstFile(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/show 2410.03355", "save", "/export bibtex", "/export bibtex");

        var answers = Answers(output);
        Assert.Contains(Path.Combine(Shell.FilesFolder, "library.bib "), answers[2], StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Shell.FilesFolder, "library-1.bib "), answers[3], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task UnknownCommand_SaysWhatToTypeAndTheShellGoesOn(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/frobnicate now", "hello there", "/paper", "/paper frob", "/status");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Equal(5, answers.Count);
        Assert.Contains("Unknown command `/frobnicate`", answers[0], StringComparison.Ordinal);
        Assert.Contains("I don't understand `hello there`", answers[1], StringComparison.Ordinal);
        Assert.Contains("`/paper` needs one of: search, show, latest, related", answers[2], StringComparison.Ordinal);
        Assert.Contains("`/paper` has no `frob`", answers[3], StringComparison.Ordinal);
        Assert.Contains("PaperBot status", answers[4], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/paper latest count: abc", "`count` must be a whole number between 1 and 10, not `abc`.")]
    [InlineData("/paper latest count: 99", "`count` must be between 1 and 10; you gave 99.")]
    [InlineData("/paper show", "`/paper show` needs `id`. Type `/paper show id: <text>`.")]
    [InlineData("/paper search query:", "`query:` needs a value.")]
    [InlineData("/paper search query: x sort: sideways", "`sort` must be one of:")]
    [InlineData("/library export format: pdf", "`format` must be one of: bibtex, markdown, csv, jsonl.")]
    [InlineData("/paperbot help me", "`/paperbot help` takes no options")]
    [InlineData("/paper show id: 1 id: 2", "`id` is given twice.")]
    public async Task MalformedOptions_SayWhatToType(string line, string expected)
    {
        await StartAsync(StorageProvider.Sqlite);
        var (exitCode, output) = await Shell.RunAsync(line, "/status");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Equal(2, answers.Count);
        Assert.Contains(expected, answers[0], StringComparison.Ordinal);
        Assert.Contains("PaperBot status", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task QuotedValue_KeepsOptionNamesInsideIt(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/paper search query: \"sort: decoding\" sort: newest");

        var answer = Assert.Single(Answers(output));
        Assert.DoesNotContain("must be one of", answer, StringComparison.Ordinal);
        Assert.Contains("sort: decoding", answer, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Piped_PrintsNoBannerOrPrompt(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync("/help", "quit", "/status");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("> ", output.Split('\n').Select(l => l.Length >= 2 ? l[..2] : l));
        Assert.DoesNotContain(ShellHelp.Banner, output, StringComparison.Ordinal);
        Assert.DoesNotContain("PaperBot status", output, StringComparison.Ordinal);
        Assert.StartsWith("(only you can see this)\nPaperBot finds", output, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Interactive_PrintsBannerAndPromptsAndHelpDocumentsButtons(StorageProvider provider)
    {
        await StartAsync(provider);
        var (exitCode, output) = await Shell.RunAsync(interactive: true, "help", "exit");

        Assert.Equal(0, exitCode);
        Assert.StartsWith(ShellHelp.Banner + "\n> ", output, StringComparison.Ordinal);
        Assert.Contains("/search ...  =  /paper search ...", output, StringComparison.Ordinal);
        Assert.Contains("save <number>", output, StringComparison.Ordinal);
        Assert.EndsWith("> ", output, StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task HandlerFailure_PrintsThePoliteFailureAndTheShellGoesOn(StorageProvider provider)
    {
        await StartAsync(provider);
        Shell.Hooks.BeforeHandler = (context, _) => context.CommandPath == "paper show" ? throw new InvalidOperationException("boom") : Task.CompletedTask;

        var (exitCode, output) = await Shell.RunAsync("/show 2410.03355", "/status");

        Assert.Equal(0, exitCode);
        var answers = Answers(output);
        Assert.Equal($"{ShellRenderer.EphemeralMark}\n{InteractionDispatcher.FailureMessage}", answers[0]);
        Assert.DoesNotContain("boom", output, StringComparison.Ordinal);
        Assert.Contains("PaperBot status", answers[1], StringComparison.Ordinal);
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task DigestSubscribeThenNow_SubscribesLocallyAndSaysPostingNeedsDiscord(StorageProvider provider)
    {
        await StartAsync(provider);
        var (_, output) = await Shell.RunAsync("/digest subscribe topics: decoding time: 07:30", "/digest settings", "/digest now");

        var answers = Answers(output);
        Assert.Contains("Subscribed this channel: 07:30", answers[0], StringComparison.Ordinal);
        Assert.DoesNotContain("<t:", answers[0], StringComparison.Ordinal);
        Assert.Contains("topics `decoding`", answers[1], StringComparison.Ordinal);
        Assert.Contains(ShellSession.DigestNowAnswer, answers[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_UndoesEscapesBoldAndMaskedLinks()
    {
        var plain = ShellRenderer.Plain(@"**Saved** a \*b\* \_c\_ [t\[1\]](https://x.example/z) in <#123> <t:0:F>");

        Assert.Equal("Saved a *b* _c_ t[1] (https://x.example/z) in this channel 1970-01-01 00:00 UTC", plain);
    }

    /// <summary>Each printed message or notice, without the blank line that ends it.</summary>
    private static List<string> Answers(string output) =>
        [.. output.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim('\n'))];

    private static string EntryId(string list, int number)
    {
        var match = Regex.Match(list, $@"│ {number}\. [\s\S]*?`([^`]+)`");
        Assert.True(match.Success, list);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"File saved: (.+) \(\d+ bytes\)")]
    private static partial Regex FileSaved();
}
