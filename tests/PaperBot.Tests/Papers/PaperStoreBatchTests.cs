using Dapper;
using PaperBot.Papers;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Papers;

/// <summary>
/// A batch of papers is written as one piece of full-text work: FTS5 keeps new terms in memory and writes them out
/// as one segment at commit, unless something in the transaction opens a statement savepoint (an insert trigger on
/// <c>papers</c> did, for every paper, and an import ran at half speed). The category index is still filled.
/// </summary>
public sealed class PaperStoreBatchTests
{
    private const int Papers = 200;

    [Fact]
    public async Task UpsertManyAsync_OneBatch_WritesItsWordsOnceAtCommitAndIndexesEveryCategory()
    {
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        var pagesBefore = await LeafPagesWrittenAsync(db);
        var papers = Enumerable.Range(1, Papers).Select(i => new Paper
        {
            Id = $"2402.{i:00000}",
            Title = $"Batch paper {i} on lattice {i % 7}",
            Abstract = $"Words {i} and more words about topic {i % 13}.",
            Categories = i % 2 == 0 ? ["cs.LG", "stat.ML"] : ["cs.CL"],
            Sources = ["import"],
        }).ToArray();

        var summary = await db.Papers.UpsertManyAsync(papers, CancellationToken.None);

        Assert.Equal(Papers, summary.Inserted);
        // One segment of 200 short papers is a few leaf pages (3 here); a flush per paper writes a page for each.
        Assert.InRange(await LeafPagesWrittenAsync(db) - pagesBefore, 1, Papers / 20);
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal(Papers / 2 * 3, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM paper_categories"));
        Assert.Equal(Papers / 2, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM paper_categories WHERE category = 'stat.ml'"));
    }

    [Fact]
    public async Task UpsertManyAsync_GivesItsPooledConnectionBackWithTheFactorysCacheAndCheckpointSettings()
    {
        // A batch writes with a small page cache and a long checkpoint interval; the connection then serves searches,
        // which need the factory's cache.
        await using var db = await DatabaseFixture.CreateAsync(seed: false);
        await db.Papers.UpsertManyAsync([new Paper { Id = "2402.00001", Title = "One paper", Sources = ["import"] }], CancellationToken.None);

        // Every idle pooled connection at once (the writer's among them), and new ones past those.
        var connections = new List<Microsoft.Data.Sqlite.SqliteConnection>();
        for (var i = 0; i < 8; i++)
        {
            connections.Add(await db.Connections.OpenAsync(CancellationToken.None));
        }

        foreach (var connection in connections)
        {
            Assert.Equal(-PaperBot.Storage.SqliteConnectionFactory.CacheKiB, await connection.ExecuteScalarAsync<long>("PRAGMA cache_size"));
            Assert.Equal(1000, await connection.ExecuteScalarAsync<long>("PRAGMA wal_autocheckpoint"));
            await connection.DisposeAsync();
        }
    }

    // FTS5's structure record (row 10 of papers_fts_data): a 4-byte cookie, an optional 4-byte version-2 header
    // (ff 00 00 01), then varints: levels, segments, and how many leaf pages were ever written to the index (a flush
    // writes at least one).
    private static async Task<long> LeafPagesWrittenAsync(DatabaseFixture db)
    {
        await using var connection = await db.Connections.OpenAsync(CancellationToken.None);
        var record = await connection.ExecuteScalarAsync<byte[]?>("SELECT block FROM papers_fts_data WHERE id = 10");
        if (record is null)
        {
            return 0;
        }

        var at = record.Length > 8 && record[4] == 0xff && record[5] == 0x00 ? 8 : 4;
        ReadVarint(record, ref at);
        ReadVarint(record, ref at);
        return ReadVarint(record, ref at);
    }

    // SQLite's varint: big-endian groups of 7 bits, the high bit set on every byte but the last (the ninth byte
    // carries 8 bits).
    private static long ReadVarint(byte[] data, ref int at)
    {
        long value = 0;
        for (var i = 0; i < 9; i++)
        {
            var b = data[at++];
            if (i == 8)
            {
                return (value << 8) | b;
            }

            value = (value << 7) | (long)(b & 0x7f);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        return value;
    }
}
