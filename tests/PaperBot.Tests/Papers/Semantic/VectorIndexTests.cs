using System.Numerics.Tensors;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

public sealed class VectorIndexTests
{
    private static float[] RandomUnit(Random random)
    {
        var vector = new float[EmbeddingModel.Dimensions];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    private static (VectorIndex Index, float[][] Vectors) Build(int count, int seed)
    {
        var random = new Random(seed);
        var index = new VectorIndex();
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            vectors[i] = RandomUnit(random);
            var quantized = QuantizedVector.From(vectors[i]);
            index.Set(i + 1, quantized.Scale, quantized.Values);
        }

        return (index, vectors);
    }

    [Fact]
    public void Search_ManyVectors_FindsTheExactNearestBestFirst()
    {
        var (index, vectors) = Build(30_000, 7);
        var query = vectors[1234].Select((v, i) => v + (i % 3 == 0 ? 0.05f : 0f)).ToArray();
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);

        var found = index.Search(query, 10);

        var truth = vectors.Select((v, i) => (Seq: (long)i + 1, Score: TensorPrimitives.Dot(v, query))).OrderByDescending(t => t.Score).Take(10).ToArray();
        Assert.Equal(1235, found[0].Seq);
        Assert.True(found.Select(f => f.Seq).Intersect(truth.Select(t => t.Seq)).Count() >= 9);
        Assert.Equal(truth[0].Score, found[0].Similarity, 2);
        Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
    }

    [Fact]
    public void Search_LargeIndex_FindsNearlyTheSameNearestAsTheExactScan()
    {
        // Vectors crowd around topics, as papers' do: 300 topics of 200 papers each.
        var random = new Random(11);
        var centres = Enumerable.Range(0, 300).Select(_ => RandomUnit(random)).ToArray();
        var sketched = new VectorIndex { SketchFrom = 0, SketchCandidates = 4096 };
        var exact = new VectorIndex { SketchFrom = int.MaxValue };
        for (var i = 0; i < 60_000; i++)
        {
            var quantized = QuantizedVector.From(Near(centres[i % centres.Length], 0.9f, random));
            sketched.Set(i + 1, quantized.Scale, quantized.Values);
            exact.Set(i + 1, quantized.Scale, quantized.Values);
        }

        var shared = 0;
        for (var q = 0; q < 20; q++)
        {
            var query = Near(centres[q * 7], 0.9f, random);
            var truth = exact.Search(query, 10).Select(m => m.Seq).ToHashSet();
            var found = sketched.Search(query, 10);
            shared += found.Count(m => truth.Contains(m.Seq));
            Assert.True(found.Zip(found.Skip(1)).All(p => p.First.Similarity >= p.Second.Similarity));
        }

        Assert.True(shared >= 190, $"{shared} of 200 nearest found");
    }

    [Fact]
    public void Search_LargeIndex_ScoresOnlyVectorsWhoseSignsMostlyAgree()
    {
        // The price of the sign pass: a vector close to the query through one large component, while the signs of
        // all its small ones disagree, is never scored. Below SketchFrom the exact scan finds it.
        var random = new Random(5);
        var query = new float[EmbeddingModel.Dimensions];
        var odd = new float[EmbeddingModel.Dimensions];
        query[0] = odd[0] = 1f;
        for (var i = 1; i < query.Length; i++)
        {
            query[i] = i % 2 == 0 ? 0.02f : -0.02f;
            odd[i] = -query[i];
        }

        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);
        TensorPrimitives.Divide(odd, TensorPrimitives.Norm(odd), odd);
        var sketched = new VectorIndex { SketchFrom = 0, SketchCandidates = 4096 };
        var exact = new VectorIndex { SketchFrom = int.MaxValue };
        foreach (var index in new[] { sketched, exact })
        {
            for (var i = 0; i < 50_000; i++)
            {
                var quantized = QuantizedVector.From(RandomUnit(random));
                index.Set(i + 1, quantized.Scale, quantized.Values);
            }

            var close = QuantizedVector.From(odd);
            index.Set(1_000_000, close.Scale, close.Values);
        }

        Assert.Equal(1_000_000, exact.Search(query, 1)[0].Seq);
        Assert.DoesNotContain(sketched.Search(query, 10), m => m.Seq == 1_000_000);
    }

    [Fact]
    public void Search_LargeIndex_TiedAtTheCutOff_ScoresOnlyTheFirstOnes()
    {
        // Every vector shares all the query's signs, so all are tied: the sign pass scores the first 32 (the least it
        // scores for one result) and no more, however many tie; the answer is the best of those, the same every time.
        var random = new Random(9);
        var query = Enumerable.Repeat(1f, EmbeddingModel.Dimensions).ToArray();
        TensorPrimitives.Divide(query, TensorPrimitives.Norm(query), query);
        var sketched = new VectorIndex { SketchFrom = 0, SketchCandidates = 8 };
        var exact = new VectorIndex { SketchFrom = int.MaxValue };
        var scores = new Dictionary<long, float>();
        for (var seq = 1; seq <= 400; seq++)
        {
            var vector = seq == 300 ? query : query.Select(_ => (float)(0.2 + random.NextDouble())).ToArray();
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            var quantized = QuantizedVector.From(vector);
            scores[seq] = TensorPrimitives.Dot(vector, query);
            sketched.Set(seq, quantized.Scale, quantized.Values);
            exact.Set(seq, quantized.Scale, quantized.Values);
        }

        Assert.Equal(300, exact.Search(query, 1)[0].Seq);
        var bestOfFirst = scores.Where(s => s.Key <= 32).MaxBy(s => s.Value).Key;
        Assert.Equal(bestOfFirst, sketched.Search(query, 1)[0].Seq);
        Assert.Equal(bestOfFirst, sketched.Search(query, 1)[0].Seq);
    }

    private static float[] Near(float[] centre, float weight, Random random)
    {
        var noise = RandomUnit(random);
        var vector = centre.Zip(noise, (c, n) => (weight * c) + ((1 - weight) * n)).ToArray();
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    [Fact]
    public void Search_WithAllowedSet_ReturnsOnlyThosePapers()
    {
        var (index, vectors) = Build(500, 3);
        var allowed = new HashSet<long> { 10, 20, 30 };

        var found = index.Search(vectors[0], 10, allowed);

        Assert.Equal([10L, 20L, 30L], found.Select(f => f.Seq).Order());
    }

    [Fact]
    public void Set_SamePaperAgain_ReplacesItsVector()
    {
        var (index, vectors) = Build(50, 5);
        var moved = QuantizedVector.From(vectors[49]);
        index.Set(1, moved.Scale, moved.Values);

        var found = index.Search(vectors[49], 2);

        Assert.Equal(50, index.Count);
        Assert.Equal([1L, 50L], found.Select(f => f.Seq).Order());
    }

    [Fact]
    public void Set_PapersInAnyOrderThenAgain_ReplacesEachPapersOwnVector()
    {
        var random = new Random(9);
        var index = new VectorIndex();
        long[] order = [10, 20, 30, 5, 40, 25, 50];
        foreach (var seq in order)
        {
            var first = QuantizedVector.From(RandomUnit(random));
            index.Set(seq, first.Scale, first.Values);
        }

        var replaced = order.ToDictionary(seq => seq, _ => RandomUnit(random));
        foreach (var (seq, vector) in replaced.Reverse())
        {
            var quantized = QuantizedVector.From(vector);
            index.Set(seq, quantized.Scale, quantized.Values);
        }

        Assert.Equal(order.Length, index.Count);
        foreach (var (seq, vector) in replaced)
        {
            Assert.True(TensorPrimitives.CosineSimilarity(vector, index.VectorOf(seq)!) > 0.99f, $"paper {seq}");
            Assert.Equal(seq, index.Search(vector, 1)[0].Seq);
        }

        Assert.Null(index.VectorOf(15));
    }

    [Fact]
    public void QuantizedVector_LargestComponentNegative_KeepsItsDirection()
    {
        float[] vector = [-0.8f, 0.36f, 0.48f];

        var restored = QuantizedVector.From(vector).ToFloats();

        Assert.True(TensorPrimitives.CosineSimilarity(vector, restored) > 0.999);
    }
}
