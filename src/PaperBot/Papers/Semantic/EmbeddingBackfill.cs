using PaperBot.Papers.Shared;

namespace PaperBot.Papers.Semantic;

/// <summary>Progress of a backfill: papers embedded so far out of those that lacked a vector when it began.</summary>
public readonly record struct BackfillProgress(long Done, long Total);

/// <summary>
/// Embeds every paper without a vector, a batch at a time, each batch committed on its own: stopped at any
/// point, a later run goes on from the papers still missing.
/// </summary>
public sealed class EmbeddingBackfill(PaperEmbedder embedder, PaperVectorStore store, SemanticIndex index, PaperReplica? replica = null)
{
    private const int ReadBatch = 256;

    /// <summary>Embeds the missing papers; returns how many were stored.</summary>
    public async Task<long> RunAsync(IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        // With shared papers one process of the fleet embeds at a time; the others receive its vectors by replication.
        var claim = replica is null ? EmbeddingClaim.Unshared : await replica.ClaimEmbeddingAsync(cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            return 0;
        }

        await using (claim.ConfigureAwait(false))
        {
            return await EmbedMissingAsync(progress, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<long> EmbedMissingAsync(IProgress<BackfillProgress>? progress, CancellationToken cancellationToken)
    {
        var model = embedder.Model.Name;
        var (embedded, papers) = await store.CoverageAsync(model, cancellationToken).ConfigureAwait(false);
        var total = Math.Max(0, papers - embedded);
        var done = 0L;
        var after = 0L;
        progress?.Report(new BackfillProgress(0, total));
        while (true)
        {
            var batch = await store.ReadMissingAsync(model, after, ReadBatch, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                break;
            }

            after = batch[^1].Seq;
            // The model run is CPU-bound for seconds: off the caller's thread, so a command loop stays responsive.
            var vectors = await Task.Run(() => embedder.EmbedPapers(batch, cancellationToken), cancellationToken).ConfigureAwait(false);
            done += await store.WriteAsync(model, batch, vectors.Select(v => QuantizedVector.From(v)).ToArray(), cancellationToken).ConfigureAwait(false);
            progress?.Report(new BackfillProgress(done, Math.Max(total, done)));
        }

        await index.RefreshAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }
}
