using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Digest;
using PaperBot.Discord;
using PaperBot.Library;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Library;

/// <summary>
/// A seeded database with the library's tables. Until migrations 0002-0004 are embedded (the migrator refuses
/// gaps), the parked scripts are applied from the source tree: 0003 from Digest/Schema, 0004 from
/// Library/Schema, and 0002 from a stand-in with the columns the commands engineer announced. Once they are
/// embedded this finds the tables and applies nothing.
/// </summary>
internal static class LibraryDatabase
{
    private const string SavedPapersStandIn = """
        CREATE TABLE saved_papers (
            user_id    INTEGER NOT NULL,
            paper_id   TEXT    NOT NULL,
            guild_id   INTEGER,
            channel_id INTEGER,
            saved_at   TEXT    NOT NULL,
            source     TEXT    NOT NULL,
            UNIQUE (user_id, paper_id)
        );
        """;

    public static async Task<DatabaseFixture> CreateAsync()
    {
        var db = await DatabaseFixture.CreateAsync();
        await EnsureSchemaAsync(db.Connections);
        return db;
    }

    public static async Task EnsureSchemaAsync(SqliteConnectionFactory connections)
    {
        var connection = await connections.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            await ApplyIfMissingAsync(connection, "saved_papers", SavedPapersStandIn);
            await ApplyIfMissingAsync(connection, "posted_messages", await File.ReadAllTextAsync(SourcePath("Digest", "Schema", "0003_digest.sql")));
            await ApplyIfMissingAsync(connection, "library_reaction_saves", await File.ReadAllTextAsync(SourcePath("Library", "Schema", "0004_library.sql")));
        }
    }

    public static LibraryStore Store(DatabaseFixture db) => new(db.Connections, db.Time);

    public static LibraryReactions Reactions(DatabaseFixture db) =>
        new(new PostedMessageStore(db.Connections), Store(db), Options.Create(new DiscordOptions()), NullLogger<LibraryReactions>.Instance);

    private static async Task ApplyIfMissingAsync(System.Data.Common.DbConnection connection, string table, string script)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        check.Parameters.Add(new SqliteParameter("$name", table));
        if ((long)(await check.ExecuteScalarAsync())! > 0)
        {
            return;
        }

        using var apply = connection.CreateCommand();
        apply.CommandText = script;
        await apply.ExecuteNonQueryAsync();
    }

    private static string SourcePath(string folder, string sub, string file, [CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "src", "PaperBot", folder, sub, file));
}
