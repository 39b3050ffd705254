using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Library;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Library;

/// <summary>A seeded database with the real migrations, saved papers, digest and library tables included.</summary>
internal static class LibraryDatabase
{
    /// <summary>Papers in the SQLite file; the library's state there too, or in PostgreSQL.</summary>
    public static Task<DatabaseFixture> CreateAsync(StorageProvider provider = StorageProvider.Sqlite) => DatabaseFixture.CreateAsync(provider: provider);

    public static LibraryStore Store(DatabaseFixture db) => new(db.State, db.Time);

    public static LibraryReactions Reactions(DatabaseFixture db) =>
        new(new PostedMessageStore(db.State), Store(db), Options.Create(new DiscordOptions()), NullLogger<LibraryReactions>.Instance);
}
