using Microsoft.Data.Sqlite;
using PaperBot.Papers;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// The engine's limit: one FTS5 table with PaperBot's tokenizer, loaded in one transaction with a prepared
/// insert (fed in chunks, see <see cref="SearchBenchmark"/>), queried with plain MATCH + bm25. No PaperBot code involved.
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
    private SqliteTransaction? transaction;
    private SqliteCommand? insert;

    public string Path { get; } = path;

    /// <summary>Opens the database and the one transaction the whole load runs in.</summary>
    public async Task BeginLoadAsync(CancellationToken ct)
    {
        connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync(ct);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = CreateSql;
            await create.ExecuteNonQueryAsync(ct);
        }

        transaction = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = InsertSql;
        insert.Parameters.Add("@title", SqliteType.Text);
        insert.Parameters.Add("@authors", SqliteType.Text);
        insert.Parameters.Add("@abstract", SqliteType.Text);
        insert.Prepare();
    }

    /// <summary>Opens a table an earlier run loaded, for queries only.</summary>
    public async Task OpenExistingAsync(CancellationToken ct)
    {
        connection = new SqliteConnection($"Data Source={Path};Pooling=False;Mode=ReadOnly");
        await connection.OpenAsync(ct);
    }

    public async Task AddAsync(IEnumerable<Paper> papers, CancellationToken ct)
    {
        var p = insert!.Parameters;
        foreach (var paper in papers)
        {
            p[0].Value = paper.Title;
            p[1].Value = string.Join(", ", paper.Authors);
            p[2].Value = paper.Abstract;
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Commits and checkpoints, so the load's cost includes writing the database file.</summary>
    public async Task EndLoadAsync(CancellationToken ct)
    {
        await transaction!.CommitAsync(ct);
        await insert!.DisposeAsync();
        await transaction.DisposeAsync();
        await using var checkpoint = connection!.CreateCommand();
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
