using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PaperBot.Tests.Shipping;

/// <summary>
/// No Docker engine runs in CI, so the Dockerfile is checked by reading it: every path it copies exists,
/// its stages chain correctly and it starts the dll the app project really builds.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string RepoRoot = FindRepoRoot();

    private static string FindRepoRoot([CallerFilePath] string thisFile = "")
    {
        // The source path, not the output folder: builds may put their output outside the repository.
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PaperBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no PaperBot.sln above {thisFile}");
    }

    private static List<string> Instructions()
    {
        // Joins continuation lines and drops comments, as Docker does.
        var text = File.ReadAllText(Path.Combine(RepoRoot, "Dockerfile")).Replace("\\\r\n", " ", StringComparison.Ordinal).Replace("\\\n", " ", StringComparison.Ordinal);
        return text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
    }

    private static IEnumerable<string[]> Copies() =>
        Instructions()
            .Where(i => i.StartsWith("COPY ", StringComparison.OrdinalIgnoreCase))
            .Select(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray());

    private static IEnumerable<string> SolutionProjects() =>
        SolutionProjectRegex().Matches(File.ReadAllText(Path.Combine(RepoRoot, "PaperBot.sln")))
            .Select(m => m.Groups[1].Value.Replace('\\', '/'));

    [Fact]
    public void Copy_EveryContextSource_ExistsInRepository()
    {
        var sources = Copies()
            .Where(args => !args.Any(a => a.StartsWith("--from=", StringComparison.Ordinal)))
            .SelectMany(args => args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).SkipLast(1))
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
            Assert.True(
                source == "." || File.Exists(Path.Combine(RepoRoot, source)) || Directory.Exists(Path.Combine(RepoRoot, source)),
                $"COPY source {source} does not exist in the repository"));
    }

    [Fact]
    public void Copy_BeforeRestore_IncludesEveryProjectOfTheSolution()
    {
        var instructions = Instructions();
        var restore = instructions.FindIndex(i => i.Contains("dotnet restore", StringComparison.Ordinal));
        Assert.True(restore > 0, "no dotnet restore step");
        var copiedBeforeRestore = instructions.Take(restore)
            .Where(i => i.StartsWith("COPY ", StringComparison.Ordinal))
            .SelectMany(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).SkipLast(1))
            .ToHashSet(StringComparer.Ordinal);

        Assert.DoesNotContain(".", copiedBeforeRestore);
        Assert.Contains("PaperBot.sln", copiedBeforeRestore);
        Assert.Contains("Directory.Packages.props", copiedBeforeRestore);
        Assert.Contains("Directory.Build.props", copiedBeforeRestore);
        // Nested props (src/Directory.Build.props turns the banned-API analyzer on) change what restore sees.
        var nestedProps = Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), "Directory.Build.props", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoRoot, "tests"), "Directory.Build.props", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(RepoRoot, f).Replace('\\', '/'))
            .ToList();
        Assert.NotEmpty(nestedProps);
        Assert.All(nestedProps, props => Assert.Contains(props, copiedBeforeRestore));
        Assert.NotEmpty(SolutionProjects());
        Assert.All(SolutionProjects(), project => Assert.Contains(project, copiedBeforeRestore));
    }

    [Fact]
    public void From_Stages_ReferenceEarlierStagesOrImages()
    {
        var stages = new List<string>();
        foreach (var instruction in Instructions())
        {
            var parts = instruction.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0].Equals("FROM", StringComparison.OrdinalIgnoreCase))
            {
                var image = parts[1];
                Assert.True(
                    stages.Contains(image) || image.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal),
                    $"FROM {image} is neither an earlier stage nor a .NET image");
                Assert.True(parts.Length == 4 && parts[2].Equals("AS", StringComparison.OrdinalIgnoreCase), $"stage without a name: {instruction}");
                stages.Add(parts[3]);
            }
            else if (parts[0] == "COPY" && parts.FirstOrDefault(p => p.StartsWith("--from=", StringComparison.Ordinal)) is { } from)
            {
                Assert.Contains(from["--from=".Length..], stages);
            }
        }

        var finalStage = Instructions().Last(i => i.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/runtime:10.0 ", finalStage, StringComparison.Ordinal);

        // The final image is built from the publish stage, which must come after the test stage.
        Assert.True(stages.IndexOf("test") >= 0 && stages.IndexOf("test") < stages.IndexOf("publish"), string.Join(", ", stages));
        Assert.Contains(Instructions(), i => i.StartsWith("FROM test AS publish", StringComparison.Ordinal));
        Assert.Contains(Instructions(), i => i.StartsWith("RUN ", StringComparison.Ordinal) && i.Contains(" dotnet test PaperBot.sln", StringComparison.Ordinal));
    }

    [Fact]
    public void Entrypoint_Dll_MatchesAssemblyNameOfTheApp()
    {
        var project = XDocument.Load(Path.Combine(RepoRoot, "src", "PaperBot", "PaperBot.csproj"));
        var assemblyName = project.Descendants("AssemblyName").Single().Value;
        var instructions = Instructions();

        var entrypoint = Assert.Single(instructions, i => i.StartsWith("ENTRYPOINT", StringComparison.Ordinal));
        Assert.Contains($"\"/app/{assemblyName}.dll\"", entrypoint, StringComparison.Ordinal);
        var healthcheck = Assert.Single(instructions, i => i.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
        Assert.Contains($"\"/app/{assemblyName}.dll\", \"health\"", healthcheck, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", healthcheck, StringComparison.Ordinal);
    }

    [Fact]
    public void Final_Image_RunsAsNonRootWithDataVolume()
    {
        var instructions = Instructions();
        var final = instructions.Skip(instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        var user = Assert.Single(final, i => i.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains(final, i => i.StartsWith("VOLUME", StringComparison.Ordinal) && i.Contains("/data", StringComparison.Ordinal));
        Assert.Contains(final, i => i.Contains("Storage__DatabasePath=/data/paperbot.db", StringComparison.Ordinal));
    }

    [Fact]
    public void Final_Image_CapsMallocArenasInTheEnvironment()
    {
        var instructions = Instructions();
        var final = instructions.Skip(instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        // glibc reads it before Main runs; docs/operations.md, "Native memory".
        Assert.Contains(final, i => i.StartsWith("ENV ", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(i, @"\bMALLOC_ARENA_MAX=2\b"));
    }

    [Fact]
    public void Final_Image_DelaysTheJitsRecompilationPastTheFirstSeconds()
    {
        var instructions = Instructions();
        var final = instructions.Skip(instructions.FindLastIndex(i => i.StartsWith("FROM ", StringComparison.Ordinal))).ToList();

        // The runtime reads the value before Main runs, and as hex: "2710" is 10 s, "10000" would be 65 s.
        // docs/operations.md, "Cold start".
        var env = Assert.Single(final, i => i.StartsWith("ENV ", StringComparison.Ordinal) && i.Contains("DOTNET_TC_CallCountingDelayMs=", StringComparison.Ordinal));
        var value = System.Text.RegularExpressions.Regex.Match(env, @"\bDOTNET_TC_CallCountingDelayMs=(\S+)").Groups[1].Value;
        Assert.Equal(10_000, Convert.ToInt32(value, 16));
    }

    [Fact]
    public void DockerIgnore_KeepsEveryCopiedSource()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoRoot, ".dockerignore"))
            .Select(l => l.Trim().TrimEnd('/'))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

        Assert.Contains("**/bin", ignored);
        Assert.Contains("**/obj", ignored);
        // The Dockerfile tests run inside the image build: the files they read must reach the context.
        Assert.DoesNotContain("Dockerfile", ignored);
        Assert.DoesNotContain(".dockerignore", ignored);
        foreach (var source in Copies().SelectMany(a => a.SkipLast(1)).Where(s => !s.StartsWith("--", StringComparison.Ordinal) && s != "."))
        {
            Assert.DoesNotContain(source, ignored);
        }
    }

    [Fact]
    public void Syntax_NoRemoteFrontend_BuildsOffline()
    {
        var firstLines = File.ReadLines(Path.Combine(RepoRoot, "Dockerfile")).TakeWhile(l => l.StartsWith('#')).ToList();
        Assert.DoesNotContain(firstLines, l => l.Replace(" ", "", StringComparison.Ordinal).StartsWith("#syntax=", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Run_EveryDotnetStepThatReadsPackages_UsesTheNuGetCacheMount()
    {
        var steps = Instructions().Where(i => i.StartsWith("RUN ", StringComparison.Ordinal)
            && ((string[])["dotnet restore", "dotnet build", "dotnet test", "dotnet publish"]).Any(v => i.Contains(v, StringComparison.Ordinal))).ToList();

        Assert.Equal(4, steps.Count);
        Assert.All(steps, step => Assert.Contains("--mount=type=cache,id=paperbot-nuget,target=/root/.nuget/packages", step, StringComparison.Ordinal));
    }

    [Fact]
    public void Publish_ForLinuxX64_KeepsTheCommitInTheVersion()
    {
        var publish = Assert.Single(Instructions(), i => i.StartsWith("RUN ", StringComparison.Ordinal) && i.Contains("dotnet publish", StringComparison.Ordinal));

        Assert.Contains(" -r linux-x64 ", publish, StringComparison.Ordinal);
        Assert.Contains("-p:SourceRevisionId=\"$SOURCE_REVISION\"", publish, StringComparison.Ordinal);
        Assert.Contains(Instructions(), i => i.StartsWith("ARG SOURCE_REVISION", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"Project\(""\{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC\}""\) = ""[^""]+"", ""([^""]+\.csproj)""")]
    private static partial Regex SolutionProjectRegex();
}
