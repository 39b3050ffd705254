using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

/// <summary>
/// Tokenizes text exactly as the papers index does (porter stems included), by writing it into a
/// per-connection temp FTS5 table and reading its vocabulary. Related-paper terms are grouped and looked
/// up in <c>papers_fts_vocab</c> by stem ("forecasting" is stored as "forecast"). Only the connection's
/// private temp database is written, never the paper database.
/// </summary>
internal static class IndexTokenizer
{
    private const string SetupSql = """
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_tokens USING fts5 (t, tokenize = 'porter unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_tokens_vocab USING fts5vocab (temp, query_tokens, 'instance');
        DELETE FROM temp.query_tokens;
        """;

    private const string InsertSql = "INSERT INTO temp.query_tokens (rowid, t) VALUES ($rowid, $text)";

    private const string ReadSql = "SELECT doc, term FROM temp.query_tokens_vocab ORDER BY doc, col, offset";

    /// <summary>The index tokens of each text, in order; an entry is empty when the text has no token.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> TokenizeAsync(
        SqliteConnection connection, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new List<string>[texts.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = [];
        }

        if (texts.Count == 0)
        {
            return result;
        }

        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = SetupSql;
            await setup.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = InsertSql;
            var rowid = insert.Parameters.Add("$rowid", SqliteType.Integer);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            for (var i = 0; i < texts.Count; i++)
            {
                rowid.Value = i + 1;
                text.Value = texts[i];
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        using var read = connection.CreateCommand();
        read.CommandText = ReadSql;
        var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var doc = reader.GetInt64(0);
                if (doc >= 1 && doc <= result.Length)
                {
                    result[doc - 1].Add(reader.GetString(1));
                }
            }
        }

        return result;
    }
}
