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
    private const int SqliteOk = 0;
    private const int SqliteError = 1;
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
                if (api->CreateFunction(api, name, IntPtr.Zero, &Score, IntPtr.Zero) != SqliteOk)
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
        if (raw.sqlite3_prepare_v2(handle, "SELECT fts5(?1)", out var statement) != SqliteOk)
        {
            return null;
        }

        using (statement)
        {
            Fts5Api* api = null;
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                if (BindPointer(statement.DangerousGetHandle(), 1, &api, type, IntPtr.Zero) != SqliteOk)
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
                if (rc != SqliteOk)
                {
                    ResultErrorCode(context, rc);
                    return;
                }
            }

            var result = state!.ScoreRow(api, fts, out var score);
            if (result == SqliteOk)
            {
                ResultDouble(context, score);
            }
            else
            {
                ResultErrorCode(context, result);
            }
        }
#pragma warning disable CA1031 // An exception must not cross into SQLite's C stack: it becomes an SQL error.
        catch (Exception)
#pragma warning restore CA1031
        {
            ResultErrorCode(context, SqliteError);
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
        if (rc == SqliteOk)
        {
            rc = api->ColumnTotalSize(fts, -1, &tokens);
        }
        else
        {
            tokens = 0;
        }

        if (rc != SqliteOk)
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
        for (var phrase = 0; phrase < phrases && rc == SqliteOk; phrase++)
        {
            long hits = 0;
            rc = CountRows(api, fts, phrase, terms, &hits);
            // As bm25(): log((N - n + 0.5) / (n + 0.5)), with a floor for words in most rows.
            var value = Math.Log((rows - hits + 0.5) / (hits + 0.5));
            idf[phrase] = value <= 0.0 ? 1e-6 : value;
        }

        if (rc != SqliteOk)
        {
            return rc;
        }

        state = new QueryState(run, (double)tokens / rows, idf, weights);
        var handle = GCHandle.Alloc(state);
        rc = api->SetAuxdata(fts, GCHandle.ToIntPtr(handle), &FreeState);
        if (rc != SqliteOk)
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
            if (api->QueryToken(fts, phrase, 0, &text, &length) == SqliteOk)
            {
                token = Encoding.UTF8.GetString(text, length);
                if (terms.TryGet(token, out var known))
                {
                    *hits = known;
                    return SqliteOk;
                }
            }
        }

        var rc = api->QueryPhrase(fts, phrase, (IntPtr)hits, &CountRow);
        if (rc == SqliteOk && token is not null)
        {
            terms!.Add(token, *hits);
        }

        return rc;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int CountRow(ExtensionApi* api, IntPtr fts, IntPtr userData)
    {
        (*(long*)userData)++;
        return SqliteOk;
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

    private sealed class QueryState(Bm25Run? run, double averageLength, double[] idf, double[] weights)
    {
        private readonly double[] frequency = new double[idf.Length];
        private readonly int[] columnEnd = new int[weights.Length];
        private readonly double[] best = new double[run?.Keep ?? 0];
        private int bestCount;
        private long lastRowid = long.MinValue;
        private double lastScore;

        public int ScoreRow(ExtensionApi* api, IntPtr fts, out double score)
        {
            // SQLite may ask twice for one row (sort key and result column): answer, count and rank it once.
            var rowid = api->Rowid(fts);
            if (rowid == lastRowid)
            {
                score = lastScore;
                return SqliteOk;
            }

            score = 0;
            Array.Clear(frequency);
            Array.Clear(columnEnd);
            int instances;
            var rc = api->InstCount(fts, &instances);
            for (var i = 0; i < instances && rc == SqliteOk; i++)
            {
                int phrase, column, offset;
                rc = api->Inst(fts, i, &phrase, &column, &offset);
                if (rc == SqliteOk)
                {
                    frequency[phrase] += weights[column];
                    columnEnd[column] = Math.Max(columnEnd[column], offset + 1);
                }
            }

            if (rc != SqliteOk)
            {
                return rc;
            }

            lastRowid = rowid;
            if (run is not null)
            {
                run.Matches++;
            }

            if (best.Length > 0 && bestCount == best.Length && Compute(columnEnd.Sum()) < best[0])
            {
                score = lastScore = Pruned;
                return SqliteOk;
            }

            int length;
            rc = api->ColumnSize(fts, -1, &length);
            if (rc != SqliteOk)
            {
                return rc;
            }

            score = lastScore = Compute(length);
            if (best.Length > 0)
            {
                Offer(score);
            }

            return SqliteOk;
        }

        /// <summary>bm25()'s sum, term for term in the same order, for a row of <paramref name="length"/> tokens.</summary>
        private double Compute(double length)
        {
            var sum = 0.0;
            for (var i = 0; i < idf.Length; i++)
            {
                sum += idf[i] * ((frequency[i] * (K1 + 1.0)) / (frequency[i] + (K1 * (1 - B + (B * length / averageLength)))));
            }

            return sum;
        }

        /// <summary>Keeps the best scores in a min-heap: <c>best[0]</c> is the lowest that still ranks.</summary>
        private void Offer(double score)
        {
            if (bestCount < best.Length)
            {
                var i = bestCount++;
                best[i] = score;
                while (i > 0 && best[(i - 1) / 2] > best[i])
                {
                    (best[(i - 1) / 2], best[i]) = (best[i], best[(i - 1) / 2]);
                    i = (i - 1) / 2;
                }

                return;
            }

            if (score <= best[0])
            {
                return;
            }

            best[0] = score;
            var j = 0;
            while (true)
            {
                var smallest = j;
                foreach (var child in (ReadOnlySpan<int>)[(2 * j) + 1, (2 * j) + 2])
                {
                    if (child < best.Length && best[child] < best[smallest])
                    {
                        smallest = child;
                    }
                }

                if (smallest == j)
                {
                    return;
                }

                (best[smallest], best[j]) = (best[j], best[smallest]);
                j = smallest;
            }
        }
    }

    /// <summary><c>fts5_api</c> from fts5.h (version 2 and later share this beginning).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Fts5Api
    {
        public int Version;
        public IntPtr CreateTokenizer;
        public IntPtr FindTokenizer;
        public delegate* unmanaged[Cdecl]<Fts5Api*, byte*, IntPtr, delegate* unmanaged[Cdecl]<ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>, IntPtr, int> CreateFunction;
    }

    /// <summary><c>Fts5ExtensionApi</c> from fts5.h, up to <c>xQueryToken</c> (version 3).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ExtensionApi
    {
        public int Version;
        public IntPtr UserData;
        public delegate* unmanaged[Cdecl]<IntPtr, int> ColumnCount;
        public delegate* unmanaged[Cdecl]<IntPtr, long*, int> RowCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, long*, int> ColumnTotalSize;
        public IntPtr Tokenize;
        public delegate* unmanaged[Cdecl]<IntPtr, int> PhraseCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int> PhraseSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int*, int> InstCount;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int*, int*, int> Inst;
        public delegate* unmanaged[Cdecl]<IntPtr, long> Rowid;
        public IntPtr ColumnText;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int*, int> ColumnSize;
        public delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr, delegate* unmanaged[Cdecl]<ExtensionApi*, IntPtr, IntPtr, int>, int> QueryPhrase;
        public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, delegate* unmanaged[Cdecl]<IntPtr, void>, int> SetAuxdata;
        public delegate* unmanaged[Cdecl]<IntPtr, int, IntPtr> GetAuxdata;
        public IntPtr PhraseFirst;
        public IntPtr PhraseNext;
        public IntPtr PhraseFirstColumn;
        public IntPtr PhraseNextColumn;
        public delegate* unmanaged[Cdecl]<IntPtr, int, int, byte**, int*, int> QueryToken;
    }
}

/// <summary>
/// One ranking query's link to <c>paperbot_bm25</c>: how many best rows to keep exact (0: every row, for
/// sorts other than relevance), which word counts it may use, and how many rows it saw.
/// </summary>
internal sealed class Bm25Run(int keep, TermCounts? terms)
{
    public int Keep { get; } = Math.Max(0, keep);

    public TermCounts? Terms { get; } = terms;

    public long Matches { get; set; }
}

/// <summary>
/// How many rows hold each single word, for one state of the full-text index. <see cref="Structure"/> is
/// FTS5's structure record, which changes with every write to the index, so counts are never used across
/// a change; the row and token totals are checked as well.
/// </summary>
internal sealed class TermCounts(byte[] structure)
{
    private const int MaxWords = 50_000;

    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private (long Rows, long Tokens)? totals;

    public byte[] Structure { get; } = structure;

    /// <summary>The index's row and token totals these counts were taken at, once a query has used them.</summary>
    public (long Rows, long Tokens)? Totals
    {
        get
        {
            lock (gate)
            {
                return totals;
            }
        }
    }

    /// <summary>True when these counts belong to an index of this many rows and tokens (the first query sets them).</summary>
    public bool Describes(long rows, long tokens)
    {
        lock (gate)
        {
            totals ??= (rows, tokens);
            return totals == (rows, tokens);
        }
    }

    public bool TryGet(string word, out long rows) => counts.TryGetValue(word, out rows);

    /// <summary>Keeps a count a query made, unless the counts are full (a query then counts the word again).</summary>
    public void Add(string word, long rows)
    {
        if (counts.Count < MaxWords)
        {
            counts[word] = rows;
        }
    }

    /// <summary>Keeps a count from the background count of frequent words, which has no limit.</summary>
    public void AddFrequent(string word, long rows) => counts[word] = rows;
}
