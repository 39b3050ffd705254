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
/// The best <c>Seqs.Length</c> papers for one term, best first, with their BM25 score for that term alone, when the
/// store's newest row id was <paramref name="MaxSeq"/>. <paramref name="Floor"/> bounds the term's score in every
/// other paper: the last score kept, or 0 when the list holds every paper with the term.
/// </summary>
internal sealed record WordList(long MaxSeq, long[] Seqs, double[] Scores, double Floor)
{
    private Dictionary<long, double>? scoreOf;

    /// <summary>The term's score in a listed paper (made once per list, on the first query that asks).</summary>
    public bool TryGetScore(long seq, out double score)
    {
        var index = Volatile.Read(ref scoreOf);
        if (index is null)
        {
            index = new Dictionary<long, double>(Seqs.Length);
            for (var i = 0; i < Seqs.Length; i++)
            {
                index[Seqs[i]] = Scores[i];
            }

            Volatile.Write(ref scoreOf, index);
        }

        return index.TryGetValue(seq, out score);
    }
}
