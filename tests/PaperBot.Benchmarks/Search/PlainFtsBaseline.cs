using Microsoft.Data.Sqlite;
using PaperBot.Papers;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// The engine's limit: one FTS5 table with PaperBot's tokenizer, loaded in one transaction with a prepared
/// insert, queried with plain MATCH + bm25. No PaperBot code involved.
/// </summary>
internal sealed class PlainFtsBaseline(string path) : IAsyncDisposable
{
    private const string CreateSql = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE VIRTUAL TABLE plain_fts USING fts5 (title, authors, abstract, tokenize = 'porter unicode61 remove_diacritics 2');
        """;

    private const string InsertSql = "INSERT INTO plain_fts (title, authors, abstract) VALUES (@title, @authors, @abstract)";

    private const string SearchSql = "SELECT rowid FROM plain_fts WHERE plain_fts MATCH @q ORDER BY bm25(plain_fts) LIMIT 10";

    private SqliteConnection? connection;

    public string Path { get; } = path;

    public async Task LoadAsync(IEnumerable<Paper> papers, CancellationToken ct)
    {
        connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = CreateSql;
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        var title = insert.Parameters.Add("@title", SqliteType.Text);
        var authors = insert.Parameters.Add("@authors", SqliteType.Text);
        var abstractText = insert.Parameters.Add("@abstract", SqliteType.Text);
        insert.Prepare();
        foreach (var paper in papers)
        {
            title.Value = paper.Title;
            authors.Value = string.Join(", ", paper.Authors);
            abstractText.Value = paper.Abstract;
            await insert.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync(ct);
    }

    public async Task<int> SearchAsync(string query, CancellationToken ct)
    {
        await using var command = connection!.CreateCommand();
        command.CommandText = SearchSql;
        command.Parameters.AddWithValue("@q", query);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var count = 0;
        while (await reader.ReadAsync(ct))
        {
            count++;
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
