using System.Text.RegularExpressions;

namespace PaperBot.Tests.Architecture;

/// <summary>
/// Keeps docs/architecture.md true: the parts of src/PaperBot depend on each other only along the arrows it
/// lists, never along a never, and never round a cycle. Dependencies are read from the built assembly, so a
/// namespace-qualified reference counts as much as a <c>using</c>.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Lazy<AssemblyDependencies> Built =
        new(() => AssemblyDependencies.Read(typeof(PaperBot.Papers.Paper).Assembly.Location));

    [Fact]
    public void Dependencies_BetweenParts_FollowOnlyTheDocumentedArrows()
    {
        var document = ArchitectureDocument.Load();

        var violations = Violations(Built.Value.Edges, document);

        Assert.True(violations.Count == 0, "Dependencies docs/architecture.md does not allow:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void Dependencies_DocumentedArrows_AreAllStillUsed()
    {
        var document = ArchitectureDocument.Load();
        var used = Built.Value.Edges.Keys.ToHashSet();

        var stale = document.MayUse
            .SelectMany(row => row.Value.Select(to => (From: row.Key, To: to)))
            .Where(arrow => !used.Contains(arrow))
            .Select(arrow => $"{arrow.From} -> {arrow.To}")
            .ToList();

        Assert.True(stale.Count == 0, "docs/architecture.md lists arrows nothing uses any more (remove them):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void Dependencies_BetweenParts_HaveNoCycle()
    {
        var cycle = FindCycle(Built.Value.Edges.Keys);

        Assert.True(cycle is null, $"Parts of src/PaperBot depend on each other in a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void Document_Nevers_AreNotArrowsAndArrowsHaveNoCycle()
    {
        var document = ArchitectureDocument.Load();

        Assert.NotEmpty(document.Nevers);
        Assert.All(document.Nevers, never =>
        {
            Assert.True(document.MayUse.ContainsKey(never.Part), $"never row names an unknown part {never.Part}");
            Assert.DoesNotContain(never.Never, document.MayUse[never.Part]);
        });
        Assert.Null(FindCycle(document.MayUse.SelectMany(row => row.Value.Where(document.MayUse.ContainsKey).Select(to => (row.Key, to)))));
    }

    [Fact]
    public void SourceFolders_AreDocumentedPartsWithTheirOwnNamespace()
    {
        var document = ArchitectureDocument.Load();
        var source = Path.Combine(ArchitectureDocument.RepoRoot, "src", "PaperBot");
        var problems = new List<string>();
        foreach (var folder in Directory.GetDirectories(source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")))
        {
            if (!document.MayUse.ContainsKey(folder!))
            {
                problems.Add($"src/PaperBot/{folder} is not a row of docs/architecture.md");
            }

            foreach (var file in Directory.GetFiles(Path.Combine(source, folder!), "*.cs", SearchOption.AllDirectories))
            {
                var declared = NamespacePattern().Match(File.ReadAllText(file)).Groups[1].Value;
                if (declared != $"PaperBot.{folder}" && !declared.StartsWith($"PaperBot.{folder}.", StringComparison.Ordinal))
                {
                    problems.Add($"{Path.GetRelativePath(source, file)} declares namespace {declared}, not PaperBot.{folder}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Violations_AFeatureReachingIntoHosting_IsReported()
    {
        // The check itself: an edge the table does not list is reported, with the types that make it.
        var document = ArchitectureDocument.Load();
        var edges = new Dictionary<(string From, string To), string>
        {
            [("Digest", "Hosting")] = "PaperBot.Digest.DigestPoster -> PaperBot.Hosting.Observability.PaperBotMetrics",
            [("Digest", "Papers")] = "PaperBot.Digest.DigestCandidates -> PaperBot.Papers.PaperStore",
        };

        var violation = Assert.Single(Violations(edges, document));

        Assert.Contains("Digest -> Hosting", violation, StringComparison.Ordinal);
        Assert.Contains("never", violation, StringComparison.Ordinal);
        Assert.Equal(["Digest", "Library", "Digest"], FindCycle([("Digest", "Library"), ("Library", "Digest"), ("Library", "Papers")]));
    }

    private static List<string> Violations(IReadOnlyDictionary<(string From, string To), string> edges, ArchitectureDocument document)
    {
        var violations = new List<string>();
        foreach (var ((from, to), example) in edges.OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal))
        {
            if (!document.MayUse.TryGetValue(from, out var allowed))
            {
                violations.Add($"{from} -> {to}: {from} is not a part in docs/architecture.md ({example})");
            }
            else if (!allowed.Contains(to))
            {
                var never = document.Nevers.Any(n => n.Part == from && n.Never == to) ? " (a never)" : "";
                violations.Add($"{from} -> {to}{never}: {example}");
            }
        }

        return violations;
    }

    /// <summary>One cycle as a path that starts and ends at the same part, or null.</summary>
    private static List<string>? FindCycle(IEnumerable<(string From, string To)> edges)
    {
        var next = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().Order(StringComparer.Ordinal).ToList());
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var path = new List<string>();

        List<string>? Visit(string part)
        {
            state[part] = 1;
            path.Add(part);
            foreach (var to in next.GetValueOrDefault(part) ?? [])
            {
                if (state.GetValueOrDefault(to) == 1)
                {
                    return [.. path.Skip(path.IndexOf(to)), to];
                }

                if (state.GetValueOrDefault(to) == 0 && Visit(to) is { } found)
                {
                    return found;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[part] = 2;
            return null;
        }

        foreach (var part in next.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(part) == 0 && Visit(part) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex NamespacePattern();
}
