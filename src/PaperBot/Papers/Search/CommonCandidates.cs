namespace PaperBot.Papers.Search;

/// <summary>
/// The papers a common-word query is ranked among: every paper in one of its terms' lists, with the lists that
/// hold it, plus the papers stored since a list was made (held by no list, so without a bound). A query's BM25 is
/// the sum of its terms' scores: a paper's score for a term whose list holds it is known, and for a term whose
/// list lacks it is at most that list's floor, which bounds its score from above.
/// </summary>
internal sealed class CommonCandidates
{
    private readonly IReadOnlyList<WordList> lists;

    // Papers no list can speak for, even one that holds them.
    private readonly HashSet<long> unbounded = [];

    private CommonCandidates(IReadOnlyList<WordList> lists)
    {
        this.lists = lists;
        Depth = lists.Count == 0 ? 0 : lists.Max(l => l.Length);
    }

    /// <summary>The mask of a paper every list holds.</summary>
    public ulong InEveryList => lists.Count >= 64 ? ulong.MaxValue : (1UL << lists.Count) - 1;

    /// <summary>The length of the longest list: how deep <see cref="TryGetAt"/> can go.</summary>
    public int Depth { get; }

    /// <summary>The papers stored since a list was made.</summary>
    public IReadOnlyCollection<long> Unbounded => unbounded;

    /// <summary>The candidates of the given lists (at most 64: a query has at most <see cref="SearchQuery.MaxTerms"/> terms).</summary>
    public static CommonCandidates FromLists(IReadOnlyList<WordList> lists) => new(lists);

    /// <summary>Papers stored since a list was made: no list bounds them, even one that holds them.</summary>
    public void AddUnbounded(IEnumerable<long> seqs) => unbounded.UnionWith(seqs);

    /// <summary>Every candidate with its lists as bits (list i is bit i; 0 for an unbounded paper).</summary>
    public Dictionary<long, ulong> Listed()
    {
        var listedIn = new Dictionary<long, ulong>(lists.Sum(l => l.Length) + unbounded.Count);
        for (var i = 0; i < lists.Count; i++)
        {
            foreach (var seq in lists[i].Seqs)
            {
                listedIn[seq] = listedIn.GetValueOrDefault(seq) | (1UL << i);
            }
        }

        foreach (var seq in unbounded)
        {
            listedIn[seq] = 0;
        }

        return listedIn;
    }

    /// <summary>How many lists there are (a query's terms).</summary>
    public int ListCount => lists.Count;

    /// <summary>The paper at <paramref name="depth"/> in list <paramref name="list"/> (0 is its best), if the list is that long.</summary>
    public bool TryGetAt(int list, int depth, out long seq, out double score)
    {
        if (depth >= lists[list].Length)
        {
            (seq, score) = (0, 0.0);
            return false;
        }

        (seq, score) = lists[list].At(depth);
        return true;
    }

    /// <summary>
    /// <see cref="Bound"/> of a paper met in list <paramref name="from"/> with <paramref name="score"/> there, with the
    /// lists that hold it as bits (<paramref name="listed"/>): the other lists are searched once each.
    /// </summary>
    public double BoundOf(long seq, int from, double score, out ulong listed) => Sum(seq, ulong.MaxValue, from, score, out listed);

    /// <summary>The most a paper in none of the lists can score: the sum of their floors.</summary>
    public double OutsideBound => Threshold(Depth);

    /// <summary>
    /// The highest score of a paper that no list holds above <paramref name="depth"/>: in each list, the score at that
    /// depth, or the floor past the list's end (a paper lower in a list scores at most the score above it, and one
    /// not in a list at most the floor). Added in the terms' order, as <see cref="Bound"/> adds.
    /// </summary>
    public double Threshold(int depth)
    {
        var sum = 0.0;
        foreach (var list in lists)
        {
            sum += depth < list.Length ? list.At(depth).Score : list.Floor;
        }

        return sum;
    }

    /// <summary>
    /// The highest score the paper can have: its listed scores and the other lists' floors, added in the terms'
    /// order as the ranking function adds them. Each term's part is at most its real score's, and rounding keeps
    /// the order of sums, so the bound is never below the real score in floating point either.
    /// </summary>
    public double Bound(long seq, ulong listed) => listed == 0 ? double.PositiveInfinity : Sum(seq, listed, -1, 0.0, out _);

    /// <summary>
    /// Each list's score of the paper where a list among <paramref name="among"/> holds it (list <paramref name="from"/>
    /// with <paramref name="score"/>, known), else that list's floor, added in the terms' order; the lists that held it.
    /// </summary>
    private double Sum(long seq, ulong among, int from, double score, out ulong listed)
    {
        listed = 0;
        var sum = 0.0;
        for (var i = 0; i < lists.Count; i++)
        {
            var bit = 1UL << i;
            if (i == from)
            {
                listed |= bit;
                sum += score;
            }
            else if ((among & bit) != 0 && lists[i].TryGetScore(seq, out var other))
            {
                listed |= bit;
                sum += other;
            }
            else
            {
                sum += lists[i].Floor;
            }
        }

        return sum;
    }

    /// <summary>
    /// The paper's exact score: each term's listed score, or the one looked up (<paramref name="found"/>, per
    /// term), summed in the terms' order. False when a term it is not listed for was not found: the paper does
    /// not hold that term, so it is no match.
    /// </summary>
    public bool TryScore(long seq, ulong listed, IReadOnlyList<Dictionary<long, double>?> found, out double score)
    {
        score = 0.0;
        for (var i = 0; i < lists.Count; i++)
        {
            if ((listed & (1UL << i)) != 0 && lists[i].TryGetScore(seq, out var known))
            {
                score += known;
            }
            else if (found[i] is { } looked && looked.TryGetValue(seq, out var part))
            {
                score += part;
            }
            else
            {
                return false;
            }
        }

        return true;
    }
}
