using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace PaperBot.Cli;

/// <summary>A table <c>paperbot migrate</c> copies; <paramref name="SqliteFill"/> gives SQLite-only NOT NULL columns a value.</summary>
internal sealed record CopiedTable(string Name, IReadOnlyDictionary<string, object>? SqliteFill = null);

/// <summary>One table's outcome: rows in the source, rows copied now, rows in the target afterwards.</summary>
internal sealed record CopyResult(string Table, long Source, long Copied, long Target);

/// <summary>
/// Copies tables between a SQLite store and the shared PostgreSQL database, generic over a list of tables: each one
/// that exists on both sides is copied with the columns both have, rows already in the target (same key) skipped,
/// so a re-run copies nothing twice.
/// </summary>
internal sealed class StoreCopier(SqliteConnection sqlite, NpgsqlConnection postgres, Action<string> progress)
{
    private const int Chunk = 5000;

    public async Task<IReadOnlyList<(CopiedTable Table, IReadOnlyList<(string Name, string Type)> Columns)>> CommonTablesAsync(
        IEnumerable<CopiedTable> tables, CancellationToken cancellationToken)
    {
        var common = new List<(CopiedTable, IReadOnlyList<(string, string)>)>();
        foreach (var table in tables)
        {
            var pg = await PostgresColumnsAsync(table.Name, cancellationToken).ConfigureAwait(false);
            var lite = SqliteColumns(table.Name);
            var both = pg.Where(c => lite.Contains(c.Name)).ToArray();
            if (both.Length > 0)
            {
                common.Add((table, both));
            }
        }

        return common;
    }

    public long SqliteCount(string table) => Convert.ToInt64(SqliteScalar($"SELECT count(*) FROM \"{table}\""), CultureInfo.InvariantCulture);

    public async Task<long> PostgresCountAsync(string table, CancellationToken cancellationToken) =>
        Convert.ToInt64(await PostgresScalarAsync($"SELECT count(*) FROM \"{table}\"", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);

    /// <summary>SQLite to PostgreSQL: each chunk through a temporary table and INSERT ... ON CONFLICT DO NOTHING.</summary>
    public async Task<CopyResult> ToPostgresAsync(CopiedTable table, IReadOnlyList<(string Name, string Type)> columns, Func<NpgsqlTransaction, Task> lockWrites, CancellationToken cancellationToken)
    {
        var source = SqliteCount(table.Name);
        var before = await PostgresCountAsync(table.Name, cancellationToken).ConfigureAwait(false);
        if (before == source)
        {
            return new CopyResult(table.Name, source, 0, before);
        }

        var list = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        using var read = sqlite.CreateCommand();
        read.CommandText = $"SELECT {list} FROM \"{table.Name}\"";
        using var reader = read.ExecuteReader();
        var done = 0L;
        var more = true;
        while (more)
        {
            var transaction = await postgres.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await lockWrites(transaction).ConfigureAwait(false);
                await PostgresExecuteAsync($"CREATE TEMP TABLE copy_chunk ON COMMIT DROP AS SELECT {list} FROM \"{table.Name}\" WITH NO DATA", transaction, cancellationToken).ConfigureAwait(false);
                var rows = 0;
                var importer = await postgres.BeginBinaryImportAsync($"COPY copy_chunk ({list}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
                await using (importer.ConfigureAwait(false))
                {
                    while (rows < Chunk && (more = reader.Read()))
                    {
                        await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                        for (var i = 0; i < columns.Count; i++)
                        {
                            await WriteAsync(importer, reader.IsDBNull(i) ? null : reader.GetValue(i), columns[i].Type, cancellationToken).ConfigureAwait(false);
                        }

                        rows++;
                    }

                    await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                }

                await PostgresExecuteAsync($"INSERT INTO \"{table.Name}\" ({list}) SELECT {list} FROM copy_chunk ON CONFLICT DO NOTHING", transaction, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                done += rows;
                progress($"{table.Name}: {done:N0} of {source:N0} rows read");
            }
        }

        await AdvanceIdentitiesAsync(table.Name, cancellationToken).ConfigureAwait(false);
        var after = await PostgresCountAsync(table.Name, cancellationToken).ConfigureAwait(false);
        return new CopyResult(table.Name, source, after - before, after);
    }

    /// <summary>PostgreSQL to SQLite, in the caller's SQLite transaction.</summary>
    public async Task<CopyResult> ToSqliteAsync(CopiedTable table, IReadOnlyList<(string Name, string Type)> columns, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var source = await PostgresCountAsync(table.Name, cancellationToken).ConfigureAwait(false);
        var fill = table.SqliteFill ?? new Dictionary<string, object>();
        var names = columns.Select(c => c.Name).Concat(fill.Keys).ToArray();
        using var insert = sqlite.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR IGNORE INTO \"{table.Name}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) VALUES ({string.Join(", ", names.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < names.Length; i++)
        {
            insert.Parameters.Add(new SqliteParameter($"$p{i}", i < columns.Count ? DBNull.Value : fill[names[i]]));
        }

        await using var read = new NpgsqlCommand($"SELECT {string.Join(", ", columns.Select(c => $"\"{c.Name}\""))} FROM \"{table.Name}\"", postgres);
        var copied = 0L;
        var done = 0L;
        var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    insert.Parameters[i].Value = reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i);
                }

                copied += insert.ExecuteNonQuery();
                if (++done % Chunk == 0)
                {
                    progress($"{table.Name}: {done:N0} of {source:N0} rows read");
                }
            }
        }

        return new CopyResult(table.Name, source, copied, SqliteCount(table.Name));
    }

    private static Task WriteAsync(NpgsqlBinaryImporter importer, object? value, string type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return importer.WriteNullAsync(cancellationToken);
        }

        return type switch
        {
            "bigint" => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken),
            "integer" => importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken),
            "smallint" => importer.WriteAsync(Convert.ToInt16(value, CultureInfo.InvariantCulture), NpgsqlDbType.Smallint, cancellationToken),
            "boolean" => importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0, NpgsqlDbType.Boolean, cancellationToken),
            "double precision" => importer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken),
            "real" => importer.WriteAsync(Convert.ToSingle(value, CultureInfo.InvariantCulture), NpgsqlDbType.Real, cancellationToken),
            "bytea" => importer.WriteAsync((byte[])value, NpgsqlDbType.Bytea, cancellationToken),
            _ => importer.WriteAsync(Convert.ToString(value, CultureInfo.InvariantCulture)!, NpgsqlDbType.Text, cancellationToken),
        };
    }

    /// <summary>Identity columns continue after the copied values, so the next paper gets a number of its own.</summary>
    private async Task AdvanceIdentitiesAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND is_identity = 'YES'",
            postgres);
        command.Parameters.AddWithValue("table", table);
        var identities = new List<string>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                identities.Add(reader.GetString(0));
            }
        }

        foreach (var column in identities)
        {
            await PostgresExecuteAsync(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), greatest((SELECT max(\"{column}\") FROM \"{table}\"), 1))",
                null,
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<(string Name, string Type)>> PostgresColumnsAsync(string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position",
            postgres);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<(string, string)>();
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        return columns;
    }

    private HashSet<string> SqliteColumns(string table)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_info($table)";
        command.Parameters.AddWithValue("$table", table);
        using var reader = command.ExecuteReader();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    private object? SqliteScalar(string sql)
    {
        using var command = sqlite.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private async Task<object?> PostgresScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, postgres);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task PostgresExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, postgres, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
