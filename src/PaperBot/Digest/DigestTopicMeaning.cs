using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Papers;
using PaperBot.Papers.Search;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>
/// A channel's topics by meaning: the new papers whose vectors are close to the topics' words, with the query
/// language's restrictions (categories, dates, <c>author:</c>, phrases, <c>-exclusions</c>) applied as the search
/// applies them (<see cref="SemanticRestrictions"/>), and nothing below <see cref="Floor"/>.
/// New papers that have no vector yet are embedded first, so a digest planned right after an ingest sees them too.
/// </summary>
public sealed partial class DigestTopicMeaning(
    PaperEmbedder embedder,
    PaperVectorStore vectors,
    SemanticIndex index,
    SqliteConnectionFactory connections,
    IOptions<DigestOptions> options,
    ILogger<DigestTopicMeaning> logger)
{
    /// <summary>Above the search's own floor: a search shows its few nearest papers, a digest takes all that pass.</summary>
    public const float DigestMargin = 0.08f;

    private const string NewSeqsSql = $"SELECT p.seq FROM papers AS p WHERE p.first_seen >= $since AND {PaperNews.Sql}";

    private const string NewWithoutVectorSql = $"""
        SELECT p.seq, p.title, p.abstract
        FROM papers AS p LEFT JOIN paper_vectors AS v ON v.seq = p.seq AND v.model = $model
        WHERE p.first_seen >= $since AND v.seq IS NULL AND {PaperNews.Sql}
        ORDER BY p.seq
        LIMIT $limit
        """;

    public bool Enabled => embedder.Enabled;

    public float Floor => options.Value.MinTopicSimilarity ?? embedder.Model.MinSimilarity + DigestMargin;

    /// <summary>
    /// Embeds up to <see cref="DigestOptions.CandidateLimit"/> papers first seen since <paramref name="since"/> that
    /// have no vector yet (the background backfill may not have reached them). A failing model leaves the words alone.
    /// </summary>
    public async Task EmbedNewAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (!embedder.Enabled)
        {
            return;
        }

        try
        {
            var missing = new List<PaperText>();
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                using var command = connection.CreateCommand();
                command.CommandText = NewWithoutVectorSql;
                command.Parameters.AddWithValue("$since", Papers.PaperRows.FormatTime(since));
                command.Parameters.AddWithValue("$model", embedder.Model.Name);
                command.Parameters.AddWithValue("$limit", options.Value.CandidateLimit);
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        missing.Add(new PaperText(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
                    }
                }
            }

            if (missing.Count > 0)
            {
                var embedded = await Task.Run(() => embedder.EmbedPapers(missing, cancellationToken), cancellationToken).ConfigureAwait(false);
                await vectors.WriteAsync(embedder.Model.Name, missing, [.. embedded.Select(v => QuantizedVector.From(v))], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MeaningFailed(logger, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>New papers meeting the query's restrictions and close to its meaning, best first: (paper id, cosine).</summary>
    public async Task<IReadOnlyList<(string Id, float Similarity)>> FindAsync(SearchQuery query, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = HybridSearch.MeaningText(query);
        if (!embedder.Enabled || text.Length == 0)
        {
            return [];
        }

        try
        {
            await index.RefreshAsync(cancellationToken).ConfigureAwait(false);
            var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var fresh = new HashSet<long>();
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = NewSeqsSql;
                    command.Parameters.AddWithValue("$since", Papers.PaperRows.FormatTime(since));
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            fresh.Add(reader.GetInt64(0));
                        }
                    }
                }

                if (fresh.Count == 0 || index.Index.Count == 0)
                {
                    return [];
                }

                var vector = embedder.EmbedQuery(text, cancellationToken);
                var floor = Floor;
                var near = index.Index.Search(vector.Span, limit, fresh).Where(m => m.Similarity >= floor).ToArray();
                if (near.Length == 0)
                {
                    return [];
                }

                var allowed = await new SemanticRestrictions(query).CheckAsync(connection, embedder.Model.Name, near.Select(m => m.Seq), cancellationToken).ConfigureAwait(false);
                return [.. near.Where(m => allowed.ContainsKey(m.Seq)).Select(m => (allowed[m.Seq], m.Similarity))];
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not Microsoft.Data.Sqlite.SqliteException)
        {
            // The model failed: the topics still match by their words. A store that cannot be read is thrown, as the
            // words' own search does (PaperSearch.MatchNewSinceAsync), so the channel's batch is planned on the retry
            // with the papers found by meaning rather than now without them for good.
            Log.MeaningFailed(logger, ex.GetType().Name, ex.Message);
            return [];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4331, Level = LogLevel.Warning, Message = "Digest topics by meaning unavailable ({Type}): {Message}; matching by words only")]
        public static partial void MeaningFailed(ILogger logger, string type, string message);
    }
}
