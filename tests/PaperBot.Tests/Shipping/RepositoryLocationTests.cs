using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PaperBot.Tests.Shipping;

/// <summary>
/// The build must not depend on where the repository lies. A clone under a folder named <c>src</c>
/// (<c>~/src/paperbot</c>, or the Docker image's <c>WORKDIR /src</c>) once turned the banned-API analyzer on
/// for the test projects and failed with RS0030.
/// </summary>
public sealed class RepositoryLocationTests
{
    private static string RepoRoot([CallerFilePath] string thisFile = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(thisFile)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PaperBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no PaperBot.sln above {thisFile}");
    }

    [Fact]
    public async Task Build_CopyUnderFolderNamedSrc_Succeeds()
    {
        var root = Path.Combine(Path.GetTempPath(), "paperbot-location-" + Guid.NewGuid().ToString("N"));
        var clone = Path.Combine(root, "src", "paperbot");
        try
        {
            var files = await SourceFilesAsync(RepoRoot());
            Assert.Contains("PaperBot.sln", files);
            foreach (var file in files)
            {
                var target = Path.Combine(clone, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(RepoRoot(), file), target);
            }

            var (exitCode, output) = await RunAsync(clone, "dotnet", "build", "PaperBot.sln", "-v", "q", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false");

            Assert.True(exitCode == 0, $"dotnet build under {clone} failed:\n{output}");
            Assert.DoesNotContain("RS0030", output, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is not a test failure.
            }
        }
    }

    /// <summary>The tracked files when this is a git checkout (as a fresh clone has them), else everything but build output (the Docker build context has no .git).</summary>
    private static async Task<List<string>> SourceFilesAsync(string repo)
    {
        if (Directory.Exists(Path.Combine(repo, ".git")) || File.Exists(Path.Combine(repo, ".git")))
        {
            var (exitCode, output) = await RunAsync(repo, "git", "ls-files");
            if (exitCode == 0)
            {
                return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Where(f => File.Exists(Path.Combine(repo, f)))
                    .ToList();
            }
        }

        string[] skipped = ["bin", "obj", ".git", "TestResults"];
        return Directory.EnumerateFiles(repo, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(repo, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => skipped.Contains(part, StringComparer.Ordinal)))
            .ToList();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string command, params string[] args)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A build started from inside `dotnet test` inherits MSBuild's own variables, and a build slot
        // would send the copy's output to the working tree's artifacts folder.
        foreach (var name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name == "PAPERBOT_BUILD_SLOT" || name == "DOTNET_HOST_PATH")
            {
                start.Environment.Remove(name);
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
