using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// A real SQLite database in its own temp folder, migrated with the real scripts and (by default) seeded
/// with the 56 sample papers, deleted on dispose. Use as <c>IClassFixture&lt;DatabaseFixture&gt;</c> for a
/// shared read-mostly seeded database, or <c>await using var db = await DatabaseFixture.CreateAsync()</c>
/// for one a test may change.
/// </summary>
public sealed class DatabaseFixture : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>The fake clock starts here; tests advance it.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly bool seed;
    private TestStateDatabase? state;

    public DatabaseFixture()
        : this(seed: true)
    {
    }

    private DatabaseFixture(bool seed)
    {
        this.seed = seed;
        Directory = Path.Combine(Path.GetTempPath(), "paperbot-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        DatabasePath = Path.Combine(Directory, "paperbot.db");
        Time = new FakeTimeProvider(Start);
        Connections = new SqliteConnectionFactory(DatabasePath);
        Migrator = new DatabaseMigrator(Connections, NullLogger<DatabaseMigrator>.Instance);
        Papers = new PaperStore(Connections, Time);
        State = new StateDatabase(Connections);
        AppState = new AppStateStore(State, Time);
        Search = new PaperSearch(Connections, Time, Options.Create(SearchOptions), NullLogger<PaperSearch>.Instance);
        Initializer = new DatabaseInitializer(Migrator, [new SampleDataSeeder(Papers, NullLogger<SampleDataSeeder>.Instance)]);
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public FakeTimeProvider Time { get; }

    public SqliteConnectionFactory Connections { get; }

    public DatabaseMigrator Migrator { get; }

    public DatabaseInitializer Initializer { get; }

    public PaperStore Papers { get; }

    /// <summary>Where the state stores read and write: this file, or a PostgreSQL test database (<see cref="CreateAsync"/>).</summary>
    public StateDatabase State { get; private set; }

    public StorageProvider Provider => State.Provider;

    public AppStateStore AppState { get; private set; }

    public SearchOptions SearchOptions { get; } = new();

    public PaperSearch Search { get; }

    /// <summary>
    /// A migrated database, seeded unless <paramref name="seed"/> is false; with <see cref="StorageProvider.Postgres"/>
    /// the papers stay in the SQLite file and the state goes to a fresh PostgreSQL test database.
    /// </summary>
    public static async Task<DatabaseFixture> CreateAsync(bool seed = true, StorageProvider provider = StorageProvider.Sqlite)
    {
        var fixture = new DatabaseFixture(seed);
        await fixture.InitializeAsync();
        if (provider == StorageProvider.Postgres)
        {
            fixture.state = await TestStateDatabase.CreateAsync(provider, fixture.Connections);
            fixture.State = fixture.state.State;
            fixture.AppState = new AppStateStore(fixture.State, fixture.Time);
        }

        return fixture;
    }

    /// <summary>A fixture whose file does not exist yet: for tests of start-up itself.</summary>
    public static DatabaseFixture CreateEmpty() => new(seed: false);

    public async Task InitializeAsync()
    {
        if (seed)
        {
            await Initializer.InitializeAsync(CancellationToken.None);
        }
        else if (!File.Exists(DatabasePath))
        {
            await Migrator.MigrateAsync(CancellationToken.None);
        }
    }

    /// <summary>A search service over this database with other tuning.</summary>
    public PaperSearch CreateSearch(SearchOptions options) =>
        new(Connections, Time, Options.Create(options), NullLogger<PaperSearch>.Instance);

    public async ValueTask DisposeAsync()
    {
        if (state is not null)
        {
            await state.DisposeAsync();
        }

        Connections.ClearPool();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the temp folder is cleaned up by the OS eventually.
        }
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
