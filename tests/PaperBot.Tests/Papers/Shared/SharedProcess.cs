using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Hosting;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Papers.Shared;

namespace PaperBot.Tests.Papers.Shared;

/// <summary>
/// One process's worth of PaperBot services with shared papers: the CLI host (migrations, then the read model built
/// at start) on its own SQLite file, over the test's PostgreSQL database.
/// </summary>
internal sealed class SharedProcess : IAsyncDisposable
{
    private readonly IHost host;

    private SharedProcess(IHost host, string directory)
    {
        this.host = host;
        Directory = directory;
    }

    public string Directory { get; }

    public string DatabasePath => Path.Combine(Directory, "papers.db");

    public PaperStore Papers => host.Services.GetRequiredService<PaperStore>();

    public PaperReplica Replica => host.Services.GetRequiredService<PaperReplica>();

    public EmbeddingBackfill Backfill => host.Services.GetRequiredService<EmbeddingBackfill>();

    public PaperVectorStore Vectors => host.Services.GetRequiredService<PaperVectorStore>();

    public string Model => host.Services.GetRequiredService<PaperEmbedder>().Model.Name;

    public static async Task<SharedProcess> StartAsync(string connectionString, string? directory = null)
    {
        directory ??= Path.Combine(Path.GetTempPath(), "paperbot-shared-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var settings = new PaperBotHostSettings
        {
            Mode = PaperBotHostMode.Cli,
            DatabasePath = Path.Combine(directory, "papers.db"),
            WorkingDirectory = directory,
            Overrides = new Dictionary<string, string?>
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:ConnectionString"] = connectionString,
            },
        };
        var host = PaperBotHost.CreateBuilder(settings).Build();
        await host.StartAsync();
        return new SharedProcess(host, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
