using System.Globalization;

namespace PaperBot.Papers.Semantic;

/// <summary>How many papers search by meaning can see, in the words <c>stats</c> and <c>/paperbot status</c> use.</summary>
public sealed class SemanticCoverage(PaperEmbedder embedder, PaperVectorStore store)
{
    /// <summary><c>embedded 998,412 of 1,000,000 (arctic-embed-xs)</c>, or that search by meaning is off.</summary>
    public async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        if (!embedder.Enabled)
        {
            return "off (Semantic:Enabled is false): search ranks by words only";
        }

        var (embedded, papers) = await store.CoverageAsync(embedder.Model.Name, cancellationToken).ConfigureAwait(false);
        return string.Create(CultureInfo.InvariantCulture, $"embedded {embedded:N0} of {papers:N0} ({embedder.Model.Name})");
    }
}
