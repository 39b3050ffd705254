using System.Collections.Concurrent;

namespace PaperBot.Papers.Search;

/// <summary>
/// For each word (or phrase) that common-word queries use, the papers it scores best in by BM25 on its own: the
/// candidates a query of such words is ranked among (docs/search.md, "Queries made of common words"). A list
/// stays in use while the store grows by at most a candidate limit of papers (the newer papers are then
/// candidates too); past that it is made again.
/// </summary>
internal sealed class CommonWordLists
{
    private const int MaxTerms = 4_096;

    private readonly ConcurrentDictionary<string, WordList> lists = new(StringComparer.Ordinal);

    public int Count => lists.Count;

    /// <summary>The list of <paramref name="term"/> (its FTS5 form), if one was made within <paramref name="staleAfter"/> papers of <paramref name="maxSeq"/>.</summary>
    public WordList? Find(string term, long maxSeq, long staleAfter) =>
        lists.TryGetValue(term, out var list) && maxSeq - list.MaxSeq <= staleAfter && maxSeq >= list.MaxSeq ? list : null;

    public bool Contains(string term) => lists.ContainsKey(term);

    public void Keep(string term, WordList list)
    {
        if (lists.Count < MaxTerms || lists.ContainsKey(term))
        {
            lists[term] = list;
        }
    }
}

/// <summary>
/// The best papers for one term, with their BM25 score for that term alone, when the store's newest row id was
/// <see cref="MaxSeq"/>. <see cref="Floor"/> bounds the term's score in every other paper: the last score kept, or 0
/// when the list holds every paper with the term. Kept in row-id order (a paper's score is a binary search away),
/// with the order of the scores beside it (a query walks the list best first).
/// </summary>
internal sealed class WordList
{
    private readonly long[] seqs;
    private readonly double[] scores;
    private readonly int[] ranked;

    private WordList(long maxSeq, long[] seqs, double[] scores, int[] ranked, double floor)
    {
        MaxSeq = maxSeq;
        this.seqs = seqs;
        this.scores = scores;
        this.ranked = ranked;
        Floor = floor;
    }

    public long MaxSeq { get; }

    public double Floor { get; }

    /// <summary>How many papers the list holds.</summary>
    public int Length => seqs.Length;

    /// <summary>
    /// The list of the papers in <paramref name="ranked"/>, given best first with their scores.
    /// </summary>
    public static WordList FromRanked(long maxSeq, IReadOnlyList<(long Seq, double Score)> ranked, double floor)
    {
        var seqs = new long[ranked.Count];
        var order = new int[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            seqs[i] = ranked[i].Seq;
            order[i] = i;
        }

        // Sorts the row ids and carries each one's place in the ranking along, then inverts that into the ranking.
        Array.Sort(seqs, order);
        var scores = new double[seqs.Length];
        var byRank = new int[seqs.Length];
        for (var i = 0; i < seqs.Length; i++)
        {
            scores[i] = ranked[order[i]].Score;
            byRank[order[i]] = i;
        }

        return new WordList(maxSeq, seqs, scores, byRank, floor);
    }

    /// <summary>The paper at <paramref name="rank"/> (0 is the best) and its score.</summary>
    public (long Seq, double Score) At(int rank)
    {
        var at = ranked[rank];
        return (seqs[at], scores[at]);
    }

    /// <summary>The term's score in a listed paper.</summary>
    public bool TryGetScore(long seq, out double score)
    {
        var at = Array.BinarySearch(seqs, seq);
        score = at >= 0 ? scores[at] : 0.0;
        return at >= 0;
    }

    /// <summary>Every paper of the list, in row-id order.</summary>
    public IEnumerable<long> Seqs => seqs;
}
