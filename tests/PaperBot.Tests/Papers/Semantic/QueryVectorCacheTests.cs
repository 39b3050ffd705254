using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>Recent queries' vectors are reused, the least recently used goes first, and the cache never grows past its size.</summary>
public sealed class QueryVectorCacheTests
{
    [Fact]
    public void GetOrAdd_SameTextAgain_EmbedsOnceAndGivesTheSameVector()
    {
        var cache = new QueryVectorCache(4);
        var embedded = new List<string>();

        var first = cache.GetOrAdd("speculative decoding", Embed(embedded));
        var second = cache.GetOrAdd("speculative decoding", Embed(embedded));

        Assert.Equal(["speculative decoding"], embedded);
        Assert.True(first.Span.SequenceEqual(second.Span));
    }

    [Fact]
    public void GetOrAdd_PastCapacity_DropsTheLeastRecentlyUsed()
    {
        var cache = new QueryVectorCache(2);
        var embedded = new List<string>();
        cache.GetOrAdd("a", Embed(embedded));
        cache.GetOrAdd("b", Embed(embedded));
        cache.GetOrAdd("a", Embed(embedded)); // "a" is now the most recent
        cache.GetOrAdd("c", Embed(embedded)); // so "b" goes

        cache.GetOrAdd("a", Embed(embedded));
        cache.GetOrAdd("b", Embed(embedded));

        Assert.Equal(["a", "b", "c", "b"], embedded);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void GetOrAdd_EmbeddingFails_KeepsNothing()
    {
        var cache = new QueryVectorCache(2);

        Assert.Throws<OperationCanceledException>(() => cache.GetOrAdd("a", _ => throw new OperationCanceledException()));

        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void GetOrAdd_DifferentCase_IsAnotherQuery()
    {
        // The model's tokenizer lower-cases, but the cache keys on the text as given: never a wrong vector, only a miss.
        var cache = new QueryVectorCache(4);
        var embedded = new List<string>();

        cache.GetOrAdd("LLM", Embed(embedded));
        cache.GetOrAdd("llm", Embed(embedded));

        Assert.Equal(["LLM", "llm"], embedded);
    }

    private static Func<string, float[]> Embed(List<string> embedded) => text =>
    {
        embedded.Add(text);
        return [text.Length, 1];
    };
}
