using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Shared;

/// <summary>How far the local read model has read the shared tables (the <c>paper_replica</c> row of migration 0012).</summary>
internal sealed record ReplicaCursor(string Origin, long Papers, long Vectors)
{
    public static ReplicaCursor? Read(SqliteConnection local)
    {
        using var command = local.CreateCommand();
        command.CommandText = "SELECT origin, papers_cursor, vectors_cursor FROM paper_replica WHERE id = 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ReplicaCursor(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    /// <summary>
    /// Empties the local papers and vectors before a first build: a file that held papers of its own (the embedded
    /// mode's, the samples) or of another shared database would number them differently.
    /// </summary>
    public static void Reset(SqliteConnection local, string origin)
    {
        using var transaction = local.BeginTransaction(deferred: false);
        using var command = local.CreateCommand();
        command.Transaction = transaction;
        // The delete trigger of 0001 takes each row out of both full-text indexes; vectors go by their foreign key.
        command.CommandText = "DELETE FROM paper_vectors; DELETE FROM papers; DELETE FROM paper_replica;";
        command.ExecuteNonQuery();
        new ReplicaCursor(origin, 0, 0).Write(local, transaction);
        transaction.Commit();
    }

    public void Write(SqliteConnection local, SqliteTransaction transaction)
    {
        using var command = local.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO paper_replica (id, origin, papers_cursor, vectors_cursor) VALUES (1, $origin, $papers, $vectors)
            ON CONFLICT (id) DO UPDATE SET origin = excluded.origin, papers_cursor = excluded.papers_cursor, vectors_cursor = excluded.vectors_cursor
            """;
        command.Parameters.AddWithValue("$origin", Origin);
        command.Parameters.AddWithValue("$papers", Papers);
        command.Parameters.AddWithValue("$vectors", Vectors);
        command.ExecuteNonQuery();
    }
}
