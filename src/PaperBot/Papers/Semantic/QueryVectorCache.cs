namespace PaperBot.Papers.Semantic;

/// <summary>
/// The vectors of the last queries, least recently used out first. A query's embedding is most of a hybrid
/// search's CPU (about 14 ms over both cores), and the same text comes back often: the paging buttons and a
/// changed sort run the query again, a channel's members search the topic of the day, and each digest pass embeds
/// the same channel topics. A hit costs a dictionary look-up. Thread-safe; vectors are shared, so read-only.
/// </summary>
internal sealed class QueryVectorCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Text, float[] Vector)>> byText = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, float[] Vector)> recency = new();
    private readonly Lock gate = new();

    public int Count
    {
        get
        {
            lock (gate)
            {
                return byText.Count;
            }
        }
    }

    public ReadOnlyMemory<float> GetOrAdd(string text, Func<string, float[]> embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        lock (gate)
        {
            if (byText.TryGetValue(text, out var hit))
            {
                recency.Remove(hit);
                recency.AddFirst(hit);
                return hit.Value.Vector;
            }
        }

        // Embedded outside the lock: two callers with the same new text may both embed it; the second one's
        // vector is the same and replaces nothing.
        var vector = embed(text);
        if (capacity <= 0)
        {
            return vector;
        }

        lock (gate)
        {
            if (!byText.ContainsKey(text))
            {
                byText[text] = recency.AddFirst((text, vector));
                if (byText.Count > capacity)
                {
                    byText.Remove(recency.Last!.Value.Text);
                    recency.RemoveLast();
                }
            }
        }

        return vector;
    }
}
