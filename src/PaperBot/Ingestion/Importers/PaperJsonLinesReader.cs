namespace PaperBot.Ingestion.Importers;

/// <summary>
/// Reads PaperBot JSON Lines from a stream a batch at a time, so an import holds one batch of papers and
/// one buffer (as long as the longest line) whatever the file's size. Line numbers count every line, blank
/// ones too, as an editor does.
/// </summary>
internal sealed class PaperJsonLinesReader
{
    private readonly Stream stream;
    private byte[] buffer;
    private int start;
    private int end;
    private bool endOfStream;
    private bool bomChecked;
    private int lineNumber;

    /// <param name="stream">Read from its current position on.</param>
    /// <param name="head">Bytes already taken from the stream (to detect the format), read first.</param>
    public PaperJsonLinesReader(Stream stream, ReadOnlySpan<byte> head)
    {
        this.stream = stream;
        buffer = new byte[Math.Max(1 << 16, head.Length * 2)];
        head.CopyTo(buffer);
        end = head.Length;
        BytesRead = head.Length;
        SkipBom();
    }

    /// <summary>Bytes taken from the stream so far, for a progress line.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The number of the last line read whole.</summary>
    public int LinesRead => lineNumber;

    /// <summary>
    /// Reads lines until <paramref name="papers"/> holds <paramref name="batchSize"/> papers or the stream
    /// ends; refused lines go to <paramref name="refused"/>. False once the stream is exhausted.
    /// </summary>
    public async ValueTask<bool> ReadBatchAsync(List<ParsedPaper> papers, List<ImportRefusal> refused, int batchSize, CancellationToken cancellationToken)
    {
        while (papers.Count < batchSize)
        {
            var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                PaperJsonLines.ReadLine(buffer.AsSpan(start, newline), ++lineNumber, papers, refused);
                start += newline + 1;
                continue;
            }

            if (endOfStream)
            {
                if (end > start)
                {
                    PaperJsonLines.ReadLine(buffer.AsSpan(start, end - start), ++lineNumber, papers, refused);
                    start = end;
                }

                return false;
            }

            await FillAsync(cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            // A line longer than the buffer: grow to hold it (a paper line is a few kB).
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            endOfStream = true;
            return;
        }

        end += read;
        BytesRead += read;
        SkipBom();
    }

    private void SkipBom()
    {
        if (!bomChecked && lineNumber == 0 && end - start >= 3)
        {
            bomChecked = true;
            if (buffer.AsSpan(start, 3).SequenceEqual((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            {
                start += 3;
            }
        }
    }
}
