using System.Diagnostics;

namespace PaperBot.Tests.TestSupport;

/// <summary>How the process tests start the real <c>paperbot.dll</c>, the way a user's shell would.</summary>
internal static class PaperbotProcess
{
    /// <summary>
    /// <c>dotnet paperbot.dll ARGS</c> in <paramref name="workingDirectory"/>, stdout and stderr redirected;
    /// callers add stdin and environment.
    /// </summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IEnumerable<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "paperbot.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing from the test output folder");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };

        // The test folder resolves System.Threading.RateLimiting from the ASP.NET Core shared framework (the
        // fake Discord server needs it), so the package copy paperbot.deps.json names is not there: let the
        // host find it in the NuGet cache, as the build output folder would have it beside the dll.
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "System.Threading.RateLimiting.dll")))
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add("--additionalprobingpath");
            start.ArgumentList.Add(Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
                ? packages
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
        }

        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
