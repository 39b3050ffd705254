using System.Text.Json;
using Microsoft.Data.Sqlite;
using PaperBot.Cli;

namespace PaperBot.Tests.TestSupport;

/// <summary>Runs <c>paperbot --db &lt;temp file&gt; ...</c> in-process, capturing stdout and stderr.</summary>
public sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "paperbot-cli-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = System.IO.Path.Combine(Directory, "papers.db");
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public string PathOf(string fileName) => System.IO.Path.Combine(Directory, fileName);

    public Task<CliRun> RunAsync(params string[] args) => RunOnAsync(DatabasePath, args);

    public static async Task<CliRun> RunOnAsync(string databasePath, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await PaperBotCli.RunAsync(["--db", databasePath, .. args], stdout, stderr, CancellationToken.None);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test over.
        }
    }
}

public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<JsonElement> JsonLines() =>
        Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToList();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
