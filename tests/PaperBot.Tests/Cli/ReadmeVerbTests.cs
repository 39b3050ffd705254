using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Cli;

/// <summary>The README's verb table and <c>paperbot --help</c> name the same verbs, and write options the same way.</summary>
public sealed partial class ReadmeVerbTests
{
    private static string Readme([CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "README.md")))
        {
            directory = directory.Parent;
        }

        return File.ReadAllText(Path.Combine(directory!.FullName, "README.md"));
    }

    [Fact]
    public async Task ReadmeVerbTable_EveryVerbOfHelp_HasARow()
    {
        using var cli = new CliHarness();
        var help = await cli.RunAsync("--help");
        var commands = help.Out[help.Out.IndexOf("Commands:", StringComparison.Ordinal)..];
        var verbs = HelpVerb().Matches(commands).Select(m => m.Groups[1].Value).ToList();
        var table = Readme()[Readme().IndexOf("| Verb | What it does |", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n\n", StringComparison.Ordinal)];
        var rows = ReadmeRow().Matches(table).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("health", verbs);
        Assert.All(verbs, verb => Assert.Contains(verb, rows));
    }

    [Fact]
    public async Task SearchHelp_SortValues_AreLowercaseAsTheReadmeWritesThem()
    {
        using var cli = new CliHarness();
        var help = await cli.RunAsync("search", "--help");

        Assert.Contains("--sort <relevance|newest|upvotes>", help.Out, StringComparison.Ordinal);
        Assert.Contains(@"[--sort relevance\|newest\|upvotes]", Readme(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s{2}([a-z][a-z-]+)\b", RegexOptions.Multiline)]
    private static partial Regex HelpVerb();

    // "| `search ...` |" and "| `run` / `shell` / no verb |": each verb in backticks at the start of a row or after " / ".
    [GeneratedRegex(@"(?:^\| |/ )`([a-z][a-z-]*)", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();
}
