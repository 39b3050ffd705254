using Dapper;
using PaperBot.Storage;

namespace PaperBot.Library;

/// <summary>What forget-me deleted: rows per table.</summary>
public sealed record ForgetReport(IReadOnlyDictionary<string, int> DeletedRows)
{
    public int Total => DeletedRows.Values.Sum();
}

/// <summary>
/// Deletes everything stored about one user. Rather than a hand-kept list of tables (which silently goes
/// stale when a later migration adds one), it finds every column named <c>user_id</c> or <c>*_user_id</c>
/// in the state schema (SQLite's or PostgreSQL's) and deletes the rows that hold the user's id, all in one transaction.
/// </summary>
public sealed class LibraryForgetter(StateDatabase connections)
{
    private const string SqliteUserColumnsSql = """
        SELECT m.name AS TableName, c.name AS ColumnName
        FROM sqlite_master AS m, pragma_table_info(m.name) AS c
        WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
          AND (c.name = 'user_id' OR c.name LIKE '%\_user\_id' ESCAPE '\')
        ORDER BY m.name, c.name
        """;

    private const string PostgresUserColumnsSql = """
        SELECT table_name AS TableName, column_name AS ColumnName
        FROM information_schema.columns
        WHERE table_schema = current_schema()
          AND (column_name = 'user_id' OR column_name LIKE '%\_user\_id' ESCAPE '\')
        ORDER BY table_name, column_name
        """;

    public async Task<ForgetReport> ForgetAsync(ulong userId, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var columns = await connection.QueryAsync<UserColumn>(new CommandDefinition(connections.Sql(SqliteUserColumnsSql, PostgresUserColumnsSql), transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                var deleted = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var column in columns)
                {
                    // Names come from the schema, not from users; quoting keeps odd names valid.
                    var sql = $"DELETE FROM \"{column.TableName.Replace("\"", "\"\"", StringComparison.Ordinal)}\" WHERE \"{column.ColumnName.Replace("\"", "\"\"", StringComparison.Ordinal)}\" = @UserId";
                    var count = await connection.ExecuteAsync(new CommandDefinition(sql, new { UserId = DbValues.ToDb(userId) }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (count > 0)
                    {
                        deleted[column.TableName] = deleted.GetValueOrDefault(column.TableName) + count;
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return new ForgetReport(deleted);
            }
        }
    }

    private sealed record UserColumn(string TableName, string ColumnName);
}
