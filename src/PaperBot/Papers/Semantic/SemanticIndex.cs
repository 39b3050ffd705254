using Microsoft.Extensions.Logging;

namespace PaperBot.Papers.Semantic;

/// <summary>
/// The store's vectors in a <see cref="VectorIndex"/>, loaded on first use and brought up to date before each
/// search with the vectors written since (by this process or another: the embed verb beside a running bot).
/// </summary>
public sealed partial class SemanticIndex(PaperVectorStore store, PaperEmbedder embedder, ILogger<SemanticIndex> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public VectorIndex Index { get; } = new();

    /// <summary>
    /// How many papers the store held when the vectors were first loaded (null before that): beside
    /// <see cref="VectorIndex.Count"/>, how many papers search by meaning cannot see yet, at no extra count.
    /// </summary>
    public long? PapersAtLoad { get; private set; }

    /// <summary>Reads the vectors written since the index last looked; the first call reads them all.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var latest = await store.MaxStampAsync(cancellationToken).ConfigureAwait(false);
        if (latest <= Index.Stamp)
        {
            if (PapersAtLoad is null && latest == 0)
            {
                // No vector of this model at all (another model's store, everything imported with --no-embed): the
                // papers are still counted once, so that a caller can say none of them is searched by meaning.
                PapersAtLoad = (await store.CoverageAsync(embedder.Model.Name, cancellationToken).ConfigureAwait(false)).Papers;
            }

            return;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var first = Index.Count == 0;
            if (first)
            {
                var (embedded, papers) = await store.CoverageAsync(embedder.Model.Name, cancellationToken).ConfigureAwait(false);
                Index.Reserve((int)embedded);
                PapersAtLoad = papers;
            }

            var index = Index;
            await store.ReadSinceAsync(
                embedder.Model.Name,
                index.Stamp,
                (seq, _, scale, vector) => index.Set(seq, scale, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(vector)),
                cancellationToken).ConfigureAwait(false);
            // Only now: a load stopped half-way must be read again from where it stood.
            index.MarkStamp(latest);
            if (first)
            {
                Log.Loaded(logger, Index.Count, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Loaded {Count} paper vectors in {Seconds:0.0} s")]
        public static partial void Loaded(ILogger logger, int count, double seconds);
    }
}
