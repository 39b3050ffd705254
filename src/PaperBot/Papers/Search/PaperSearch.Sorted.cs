using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    // SQLite calls the progress handler every this many virtual machine steps.
    private const int ProgressInterval = 1_000;

    /// <summary>
    /// A common-word query sorted by newest or by upvotes, over the whole store rather than a window: papers are
    /// read in that order from their date or upvotes index (migration 0007), each checked against the filters and
    /// the full-text index in the same pass, until the page is full. For words in most papers that takes a few
    /// dozen papers past the offset. (Papers are not always stored in date order: an import of older papers comes
    /// after newer ones.) A filter that matches little could make the pass read the whole store, so it has a
    /// budget of SQLite steps (<see cref="SearchOptions.SortedReadSteps"/>): null when it ran out.
    /// </summary>
    private async Task<List<(long Seq, double Score)>?> SortedMatchesAsync(
        SqliteConnection connection, string match, SearchFilters filters, SearchSort sort, Page page, CancellationToken cancellationToken)
    {
        var order = sort == SearchSort.Upvotes
            ? "coalesce(p.upvotes, -1) DESC, p.seq DESC"
            : "p.published DESC, p.first_seen DESC, p.seq DESC";
        // CROSS JOIN keeps the papers as the outer loop, read in index order: no sort of all matches.
        var sql = $"""
            SELECT p.seq, 0.0 AS score
            FROM papers AS p CROSS JOIN papers_fts ON papers_fts.rowid = p.seq
            WHERE papers_fts MATCH $match{filters.Sql}
            ORDER BY {order}
            LIMIT $limit OFFSET $offset
            """;
        var steps = (long)settings.SortedReadSteps / ProgressInterval;
        var spent = false;
        raw.sqlite3_progress_handler(connection.Handle, ProgressInterval, _ => --steps < 0 && (spent = true) ? 1 : 0, null);
        try
        {
            var (ranked, _) = await ReadRankedAsync(connection, sql, match, null, null, filters, page, null, cancellationToken).ConfigureAwait(false);
            return ranked;
        }
        catch (SqliteException ex) when (spent && ex.SqliteErrorCode == raw.SQLITE_INTERRUPT)
        {
            return null;
        }
        finally
        {
            raw.sqlite3_progress_handler(connection.Handle, 0, null, null);
        }
    }
}
