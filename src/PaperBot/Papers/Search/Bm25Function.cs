using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PaperBot.Papers.Search;

/// <summary>
/// FTS5's <c>bm25()</c> rebuilt as PaperBot's own FTS5 ranking function,
/// <c>paperbot_bm25(papers_fts, run, weight...)</c>. It gives the same scores as <c>bm25()</c> (same
/// formula, same arithmetic, positive instead of negated) for less work:
/// <list type="bullet">
/// <item>A word's document count comes from the run's <see cref="TermCounts"/>, kept while the index is
/// unchanged. <c>bm25()</c> walks every row holding each word, for every query: about 12 ms per word that is
/// in a tenth of a million papers.</item>
/// <item>With <see cref="Bm25Run.Keep"/> set, a row that cannot reach the best <c>Keep</c> scores seen so
/// far gets -1 without its length being read. A score only falls as the row gets longer, and the row is at
/// least as long as its last match's position in each column, so its score at that length bounds its real
/// one. The bound is exact in floating point too: every step of the formula is monotonic in the length.</item>
/// <item>It counts the rows it is asked about (<see cref="Bm25Run.Matches"/>), so the number of matches comes
/// from the ranking pass.</item>
/// </list>
/// SQLite offers FTS5 functions only through its C API, reached here through the FTS5 API pointer
/// (<c>SELECT fts5(?)</c> with a bound pointer); the structures below mirror <c>fts5.h</c>.
/// </summary>
internal static unsafe partial class Bm25Function
{
    public const string Name = "paperbot_bm25";

    private const string NativeLibrary = "e_sqlite3";
    private const double K1 = 1.2;
    private const double B = 0.75;
    private const double Pruned = -1.0;

    private static readonly ConditionalWeakTable<sqlite3, object> Registered = new();
    private static readonly object Done = new();
    private static readonly ConcurrentDictionary<long, Bm25Run> Runs = new();
    private static long lastRunId;
    private static volatile bool unavailable;

    /// <summary>
    /// Makes <c>paperbot_bm25</c> available on this connection (once per native connection, which the pool
    /// keeps). False when this SQLite build offers no FTS5 API: callers then rank with <c>bm25()</c>.
    /// </summary>
    public static bool TryRegister(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (unavailable || connection.Handle is not { } handle)
        {
            return false;
        }

        if (Registered.TryGetValue(handle, out _))
        {
            return true;
        }

        try
        {
            var api = FindApi(handle);
            if (api is null || api->Version < 2)
            {
                unavailable = true;
                return false;
            }

            fixed (byte* name = "paperbot_bm25\0"u8)
            {
                if (api->CreateFunction(api, name, IntPtr.Zero, &Score, IntPtr.Zero) != raw.SQLITE_OK)
                {
                    unavailable = true;
                    return false;
                }
            }

            Registered.AddOrUpdate(handle, Done);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return false;
        }
    }

    /// <summary>Makes <paramref name="run"/> reachable from SQL as the number returned, until the scope ends.</summary>
    public static RunScope Start(Bm25Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var id = Interlocked.Increment(ref lastRunId);
        Runs[id] = run;
        return new RunScope(id);
    }

    private static Fts5Api* FindApi(sqlite3 handle)
    {
        if (raw.sqlite3_prepare_v2(handle, "SELECT fts5(?1)", out var statement) != raw.SQLITE_OK)
        {
            return null;
        }

        using (statement)
        {
            Fts5Api* api = null;
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                if (BindPointer(statement.DangerousGetHandle(), 1, &api, type, IntPtr.Zero) != raw.SQLITE_OK)
                {
                    return null;
                }

                raw.sqlite3_step(statement);
            }

            return api;
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Score(ExtensionApi* api, IntPtr fts, IntPtr context, int argumentCount, IntPtr* arguments)
    {
        try
        {
            var state = (QueryState?)null;
            var aux = api->GetAuxdata(fts, 0);
            if (aux != IntPtr.Zero)
            {
                state = (QueryState?)GCHandle.FromIntPtr(aux).Target;
            }

            if (state is null)
            {
                var rc = Prepare(api, fts, argumentCount, arguments, out state);
                if (rc != raw.SQLITE_OK)
                {
                    ResultErrorCode(context, rc);
                    return;
                }
            }

            var result = state!.ScoreRow(api, fts, out var score);
            if (result == raw.SQLITE_OK)
            {
                ResultDouble(context, score);
            }
            else
            {
                ResultErrorCode(context, result);
            }
        }
        // An exception must not cross into SQLite's C stack: it becomes an SQL error.
        catch (Exception)
        {
            ResultErrorCode(context, raw.SQLITE_ERROR);
        }
    }

    /// <summary>The per-query data, made on the first row as bm25() does, and handed to FTS5 to keep.</summary>
    private static int Prepare(ExtensionApi* api, IntPtr fts, int argumentCount, IntPtr* arguments, out QueryState? state)
    {
        state = null;
        Bm25Run? run = null;
        if (argumentCount > 0)
        {
            Runs.TryGetValue(ValueInt64(arguments[0]), out run);
        }

        long rows, tokens;
        var rc = api->RowCount(fts, &rows);
        if (rc == raw.SQLITE_OK)
        {
            rc = api->ColumnTotalSize(fts, -1, &tokens);
        }
        else
        {
            tokens = 0;
        }

        if (rc != raw.SQLITE_OK)
        {
            return rc;
        }

        var columns = api->ColumnCount(fts);
        var weights = new double[columns];
        for (var column = 0; column < columns; column++)
        {
            weights[column] = argumentCount > column + 1 ? ValueDouble(arguments[column + 1]) : 1.0;
        }

        var terms = run?.Terms is { } counts && counts.Describes(rows, tokens) ? counts : null;
        var phrases = api->PhraseCount(fts);
        var idf = new double[phrases];
        for (var phrase = 0; phrase < phrases && rc == raw.SQLITE_OK; phrase++)
        {
            long hits = 0;
            rc = CountRows(api, fts, phrase, terms, &hits);
            // As bm25(): log((N - n + 0.5) / (n + 0.5)), with a floor for words in most rows.
            var value = Math.Log((rows - hits + 0.5) / (hits + 0.5));
            idf[phrase] = value <= 0.0 ? 1e-6 : value;
        }

        if (rc != raw.SQLITE_OK)
        {
            return rc;
        }

        state = new QueryState(run, (double)tokens / rows, idf, weights);
        var handle = GCHandle.Alloc(state);
        rc = api->SetAuxdata(fts, GCHandle.ToIntPtr(handle), &FreeState);
        if (rc != raw.SQLITE_OK)
        {
            state = null;
        }

        return rc;
    }

    /// <summary>Rows holding the phrase: from the run's counts for a single word, else by walking its rows.</summary>
    private static int CountRows(ExtensionApi* api, IntPtr fts, int phrase, TermCounts? terms, long* hits)
    {
        string? token = null;
        if (terms is not null && api->Version >= 3 && api->PhraseSize(fts, phrase) == 1)
        {
            byte* text;
            int length;
            if (api->QueryToken(fts, phrase, 0, &text, &length) == raw.SQLITE_OK)
            {
                token = Encoding.UTF8.GetString(text, length);
                if (terms.TryGet(token, out var known))
                {
                    *hits = known;
                    return raw.SQLITE_OK;
                }
            }
        }

        var rc = api->QueryPhrase(fts, phrase, (IntPtr)hits, &CountRow);
        if (rc == raw.SQLITE_OK && token is not null)
        {
            terms!.Add(token, *hits);
        }

        return rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CountRow(ExtensionApi* api, IntPtr fts, IntPtr userData)
    {
        (*(long*)userData)++;
        return raw.SQLITE_OK;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeState(IntPtr handle) => GCHandle.FromIntPtr(handle).Free();

    [LibraryImport(NativeLibrary, EntryPoint = "sqlite3_bind_pointer")]
    private static partial int BindPointer(IntPtr statement, int index, void* pointer, byte* type, IntPtr destroy);

    [LibraryImport(NativeLibrary, EntryPoint = "sqlite3_result_double")]
    private static partial void ResultDouble(IntPtr context, double value);

    [LibraryImport(NativeLibrary, EntryPoint = "sqlite3_result_error_code")]
    private static partial void ResultErrorCode(IntPtr context, int code);

    [LibraryImport(NativeLibrary, EntryPoint = "sqlite3_value_double")]
    private static partial double ValueDouble(IntPtr value);

    [LibraryImport(NativeLibrary, EntryPoint = "sqlite3_value_int64")]
    private static partial long ValueInt64(IntPtr value);

    /// <summary>Ends a run: SQL can no longer reach it.</summary>
    public readonly struct RunScope(long id) : IDisposable
    {
        public long Id { get; } = id;

        public void Dispose() => Runs.TryRemove(Id, out _);
    }
}
