using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Interactions;
using PaperBot.Hosting;
using PaperBot.Shell;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Shell;

/// <summary>
/// The shell's host on a temp SQLite file (seeded with the sample papers, as any new database is), driven
/// through <see cref="LocalShell.RunAsync(IServiceProvider, TextReader, TextWriter, ShellSettings, CancellationToken)"/>.
/// </summary>
public sealed class ShellHarness : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly PostgresTestDatabase? _postgres;

    private ShellHarness(IHost host, string directory, PostgresTestDatabase? postgres)
    {
        _host = host;
        Directory = directory;
        _postgres = postgres;
    }

    public string Directory { get; }

    public string FilesFolder => Path.Combine(Directory, "files");

    public CommandHooks Hooks => _host.Services.GetRequiredService<CommandHooks>();

    /// <summary>A shell host; with <see cref="StorageProvider.Postgres"/> its state is in a fresh PostgreSQL test database.</summary>
    public static async Task<ShellHarness> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null, StorageProvider provider = StorageProvider.Sqlite)
    {
        var postgres = await TestStateDatabase.CreateServerAsync(provider);
        var directory = Path.Combine(Path.GetTempPath(), "paperbot-shell-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var settings = new PaperBotHostSettings
        {
            DatabasePath = Path.Combine(directory, "papers.db"),
            WorkingDirectory = directory,
            // No test may reach the real arXiv: papers on demand stay off unless a test points them at a fake.
            Overrides = new Dictionary<string, string?>(
                (overrides ?? new Dictionary<string, string?> { ["Ingestion:Arxiv:OnDemand"] = "false" }).Concat(TestStateDatabase.Settings(postgres))),
        };
        var host = BotEntryPoint.BuildShellHost(settings);
        await host.StartAsync();
        return new ShellHarness(host, directory, postgres);
    }

    /// <summary>Feeds the lines as piped input; returns everything the shell printed and its exit code.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] lines) => await RunAsync(interactive: false, lines);

    public async Task<(int ExitCode, string Output)> RunAsync(bool interactive, params string[] lines)
    {
        using var input = new StringReader(string.Join('\n', lines) + "\n");
        using var output = new StringWriter();
        var exitCode = await LocalShell.RunAsync(
            _host.Services, input, output, new ShellSettings { Interactive = interactive, FilesFolder = FilesFolder }, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    /// <summary>Types the keys into the interactive shell's line editor; returns what the terminal would show and the exit code.</summary>
    public async Task<(int ExitCode, string Output)> TypeAsync(IKeyInput keys)
    {
        using var output = new StringWriter();
        var exitCode = await LocalShell.RunAsync(
            _host.Services, TextReader.Null, output, new ShellSettings { Interactive = true, FilesFolder = FilesFolder, Keys = keys }, CancellationToken.None);
        return (exitCode, output.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

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
