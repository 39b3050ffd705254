using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

public sealed class ShowLatexTests
{
    [Fact]
    public async Task ShowAndSearch_LatexTitle_PrintUnicodeAndJsonKeepsTheSource()
    {
        using var cli = new CliHarness();
        var file = cli.PathOf("latex.jsonl");
        await File.WriteAllTextAsync(file, """
            {"id":"2503.00001","title":"Na\\\"ive Bayes in $O(n)$ \\& \\emph{More}","abstract":"Saves 12--38\\% \\eg on zorblax.","authors":["A"],"categories":[],"sources":["import"]}
            """ + "\n");
        var import = await cli.RunAsync("import", file);

        var show = await cli.RunAsync("show", "2503.00001");
        var search = await cli.RunAsync("search", "zorblax");
        var json = await cli.RunAsync("show", "2503.00001", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("Naïve Bayes in $O(n)$ & More", show.Out, StringComparison.Ordinal);
        Assert.Contains("Saves 12–38% e.g. on zorblax.", show.Out, StringComparison.Ordinal);
        Assert.Contains("Naïve Bayes in $O(n)$ & More", search.Out, StringComparison.Ordinal);
        Assert.Equal(@"Na\""ive Bayes in $O(n)$ \& \emph{More}", Assert.Single(json.JsonLines()).GetProperty("title").GetString());
    }
}
