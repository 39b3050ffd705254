using System.Runtime.CompilerServices;

namespace PaperBot.Tests.Architecture;

/// <summary>The two tables of docs/architecture.md: each part's allowed arrows, and the nevers.</summary>
internal sealed record ArchitectureDocument(
    IReadOnlyDictionary<string, IReadOnlySet<string>> MayUse,
    IReadOnlyList<(string Part, string Never)> Nevers)
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static ArchitectureDocument Load() => Parse(File.ReadAllLines(Path.Combine(RepoRoot, "docs", "architecture.md")));

    public static ArchitectureDocument Parse(IReadOnlyList<string> lines)
    {
        var mayUse = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var nevers = new List<(string, string)>();
        string? table = null;
        foreach (var line in lines)
        {
            if (!line.StartsWith('|'))
            {
                table = null;
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (table is null)
            {
                table = cells switch
                {
                    ["Part", _, "May use"] => "arrows",
                    ["Part", "Never uses", _] => "nevers",
                    _ => "other",
                };
                continue;
            }

            if (cells[0].StartsWith("---", StringComparison.Ordinal))
            {
                continue;
            }

            if (table == "arrows")
            {
                mayUse.Add(cells[0], cells[2].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal));
            }
            else if (table == "nevers")
            {
                nevers.Add((cells[0], cells[1]));
            }
        }

        return new ArchitectureDocument(mayUse, nevers);
    }

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        var directory = new FileInfo(thisFile).Directory;
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PaperBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no PaperBot.sln above {thisFile}");
    }
}
