using System.Text;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The sample papers' vectors, computed once with the default model and shipped beside the seed papers
/// (<c>Papers/Seed/vectors.bin</c>), so a fresh store answers by meaning from its first command without
/// embedding anything. A test checks they equal the model's output; the same test rewrites the file when asked
/// (docs/search.md). Layout: "PBV1", the model name, the count, then per paper its id, scale and 384 bytes.
/// </summary>
public static class SeedVectors
{
    private const string ResourceName = "PaperBot.Papers.Seed.vectors.bin";
    private const string Magic = "PBV1";

    public static (string Model, IReadOnlyDictionary<string, QuantizedVector> Vectors) Load()
    {
        using var stream = typeof(SeedVectors).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing.");
        return Read(stream);
    }

    public static (string Model, IReadOnlyDictionary<string, QuantizedVector> Vectors) Read(Stream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (Encoding.ASCII.GetString(reader.ReadBytes(4)) != Magic)
        {
            throw new InvalidDataException("Not a PaperBot vector file.");
        }

        var model = reader.ReadString();
        var count = reader.ReadInt32();
        var vectors = new Dictionary<string, QuantizedVector>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString();
            var scale = reader.ReadSingle();
            vectors[id] = QuantizedVector.FromBlob(scale, reader.ReadBytes(EmbeddingModel.Dimensions));
        }

        return (model, vectors);
    }

    public static void Write(Stream stream, string model, IEnumerable<KeyValuePair<string, QuantizedVector>> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var entries = vectors.OrderBy(v => v.Key, StringComparer.Ordinal).ToArray();
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(Magic));
        writer.Write(model);
        writer.Write(entries.Length);
        foreach (var (id, vector) in entries)
        {
            writer.Write(id);
            writer.Write(vector.Scale);
            writer.Write(vector.ToBlob());
        }
    }
}
