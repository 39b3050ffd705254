namespace PaperBot.Benchmarks.Meaning;

/// <summary>
/// Unit vectors of the model's dimension for a store of any size, shaped like real embeddings rather than
/// uniform noise: each is a real paper's vector (the centres, from the model) plus Gaussian noise, so vectors
/// crowd around topics as a real corpus does (cosine about 0.7-0.9 to their centre). Vector i depends only on
/// the seed and i, so a store and an in-memory copy built apart hold the same vectors.
/// </summary>
internal sealed class SyntheticVectors(IReadOnlyList<float[]> centres, int seed)
{
    public const int Dimensions = PaperBot.Papers.Semantic.EmbeddingModel.Dimensions;

    public float[] Vector(long index)
    {
        // Not HashCode.Combine: its seed changes with every process, and a kept store must match the next run's vectors.
        var random = new Random(unchecked((int)((seed * 1_000_003L) + (index * 7_919L))));
        var centre = centres[random.Next(centres.Count)];
        // Noise of norm sigma: the cosine to the centre is about 1 / sqrt(1 + sigma²).
        var sigma = 0.5f + (0.5f * random.NextSingle());
        var scale = sigma / MathF.Sqrt(Dimensions);
        var vector = new float[Dimensions];
        for (var d = 0; d < Dimensions; d++)
        {
            vector[d] = centre[d] + (scale * Gaussian(random));
        }

        PaperBot.Papers.Semantic.VectorMath.Normalize(vector);
        return vector;
    }

    private static float Gaussian(Random random)
    {
        // Box-Muller.
        var u = 1.0 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v));
    }
}
