using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord;
using PaperBot.Library;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Library;

/// <summary>A seeded database with the real migrations, saved papers, digest and library tables included.</summary>
internal static class LibraryDatabase
{
    public static Task<DatabaseFixture> CreateAsync() => DatabaseFixture.CreateAsync();

    public static LibraryStore Store(DatabaseFixture db) => new(db.Connections, db.Time);

    public static LibraryReactions Reactions(DatabaseFixture db) =>
        new(new PostedMessageStore(db.Connections), Store(db), Options.Create(new DiscordOptions()), NullLogger<LibraryReactions>.Instance);
}
