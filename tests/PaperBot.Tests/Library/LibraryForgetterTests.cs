using PaperBot.Tests.TestSupport;
using PaperBot.Storage;
using PaperBot.Library;

namespace PaperBot.Tests.Library;

public sealed class LibraryForgetterTests
{
    private const ulong Alice = 1001;
    private const ulong Bob = 1002;

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task ForgetAsync_UserWithSaves_NoRowAnywhereRefersToThem(StorageProvider provider)
    {
        await using var db = await LibraryDatabase.CreateAsync(provider);
        await LibraryReactionsTests.RecordPostsAsync(db);
        var reactions = LibraryDatabase.Reactions(db);
        var store = LibraryDatabase.Store(db);
        await reactions.OnAddAsync(new() { UserId = Alice, ChannelId = 500, MessageId = 7001, GuildId = 400, Emoji = Discord.Models.Emoji.Unicode("🔖") }, 999, CancellationToken.None);
        await store.SaveAsync(Alice, "2302.07863", 400, 500, SaveSources.Command, CancellationToken.None);
        await store.SaveAsync(Bob, "2302.07863", 400, 500, SaveSources.Command, CancellationToken.None);

        var report = await new LibraryForgetter(db.State).ForgetAsync(Alice, CancellationToken.None);

        Assert.Equal(2, report.DeletedRows["saved_papers"]);
        Assert.Equal(1, report.DeletedRows["library_reaction_saves"]);
        Assert.Equal(0, await CountReferencesAsync(db, unchecked((long)Alice)));
        Assert.Single(await store.ListAsync(Bob, CancellationToken.None));
    }

    /// <summary>Every column of every table, whatever its name, compared with the id: catches a user column the forgetter missed.</summary>
    internal static async Task<long> CountReferencesAsync(TestSupport.DatabaseFixture db, long userId)
    {
        await using var connection = await db.State.OpenAsync(CancellationToken.None);
        var columns = new List<(string Table, string Column)>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = db.State.Sql(
                """
                SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c
                WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%fts%'
                """,
                "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()");
            using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        long total = 0;
        foreach (var (table, column) in columns)
        {
            using var count = connection.CreateCommand();
            count.CommandText = db.State.Sql(
                $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" = @id OR \"{column}\" = @text",
                $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\"::text = @text");
            AddParameter(count, "@id", userId);
            AddParameter(count, "@text", userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            total += Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
