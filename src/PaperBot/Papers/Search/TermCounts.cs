using System.Collections.Concurrent;

namespace PaperBot.Papers.Search;

/// <summary>
/// How many rows hold each single word, for one state of the full-text index. <see cref="Structure"/> is
/// FTS5's structure record, which changes with every write to the index, so counts are never used across
/// a change; the row and token totals are checked as well.
/// </summary>
internal sealed class TermCounts(byte[] structure)
{
    private const int MaxWords = 50_000;

    // Room for the words of a few hundred searches before the table first grows: its first growth compiles the
    // dictionary's resize (about 5 ms of JIT, measured in the first searches after a start: docs/benchmarks.md).
    private const int InitialCapacity = 4_096;

    private readonly ConcurrentDictionary<string, long> counts = new(Environment.ProcessorCount, InitialCapacity, StringComparer.Ordinal);
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
