using System.Globalization;
using System.Numerics.Tensors;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Papers;
using PaperBot.Papers.Semantic;
using PaperBot.Storage;

namespace PaperBot.Digest;

/// <summary>A paper members saved from the bot's posts in a channel, with how many of them saved it and its vector.</summary>
public sealed record TastePaper(string Id, string Title, int Savers, float[]? Vector);

/// <summary>
/// A channel's taste (<c>/digest subscribe like: saves</c>): the papers members saved with a reaction on a message
/// the bot posted in that channel (a digest paper or a search list) and still have in their library. New papers
/// close in meaning to one of them rank first, each with the saved paper it is closest to as the reason.
/// </summary>
/// <remarks>
/// Reads the library's reaction-save and posted-message tables: a save is only known to come from this
/// channel's posts through them, and the digest only reads them.
/// </remarks>
public sealed class ChannelTaste(StateDatabase state, SqliteConnectionFactory connections, PaperEmbedder embedder, IOptions<DigestOptions> options)
{
    // The state half (shared in postgres mode): this channel's reaction saves still in their libraries, newest first.
    private const string SavedSql = """
        SELECT r.paper_id AS PaperId, count(DISTINCT r.user_id) AS Savers
        FROM library_reaction_saves AS r
        JOIN posted_messages AS m ON m.channel_id = r.channel_id AND m.message_id = r.message_id
        JOIN saved_papers AS s ON s.user_id = r.user_id AND s.paper_id = r.paper_id
        WHERE r.channel_id = @Channel
        GROUP BY r.paper_id
        ORDER BY max(r.saved_at) DESC, r.paper_id
        """;

    // The paper half, from the local read model: titles and vectors of those papers.
    private const string PapersSql = """
        SELECT p.id, p.title, v.scale, v.vector
        FROM papers AS p
        LEFT JOIN paper_vectors AS v ON v.seq = p.seq AND v.model = $model
        WHERE p.id IN (SELECT value FROM json_each($ids))
        """;

    private const string VectorsSql = """
        SELECT p.id, v.scale, v.vector
        FROM papers AS p JOIN paper_vectors AS v ON v.seq = p.seq AND v.model = $model
        WHERE p.id IN (SELECT value FROM json_each($ids))
        """;

    private const int TitleShown = 120;

    /// <summary>The channel's most recent saves (<see cref="DigestOptions.TasteSaves"/>), newest first.</summary>
    public async Task<IReadOnlyList<TastePaper>> SavedAsync(ulong channelId, CancellationToken cancellationToken)
    {
        IReadOnlyList<SavedRow> rows;
        var stateConnection = await state.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (stateConnection.ConfigureAwait(false))
        {
            rows = [.. await stateConnection.QueryAsync<SavedRow>(new CommandDefinition(SavedSql, new { Channel = DbValues.ToDb(channelId) }, cancellationToken: cancellationToken)).ConfigureAwait(false)];
        }

        var saved = new List<TastePaper>();
        var limit = options.Value.TasteSaves;
        // Saves of papers this process does not know are skipped, as the single-database join did; read in pages
        // so a channel with many saves still reads only what it needs.
        foreach (var page in rows.Chunk(Math.Max(limit, 1)))
        {
            var papers = await PapersAsync([.. page.Select(r => r.PaperId)], cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                if (papers.TryGetValue(row.PaperId, out var paper) && saved.Count < limit)
                {
                    saved.Add(new TastePaper(row.PaperId, paper.Title, (int)row.Savers, paper.Vector));
                }
            }

            if (saved.Count >= limit)
            {
                break;
            }
        }

        return saved;
    }

    private async Task<Dictionary<string, (string Title, float[]? Vector)>> PapersAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, (string Title, float[]? Vector)>(StringComparer.Ordinal);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = PapersSql;
            command.Parameters.AddWithValue("$model", embedder.Model.Name);
            command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray([.. ids]));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var vector = embedder.Enabled && !reader.IsDBNull(3) ? Read(reader, 2) : null;
                    vector = vector is not null && TensorPrimitives.Norm(vector) > 0 ? vector : null;
                    found[reader.GetString(0)] = (reader.GetString(1), vector);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// <paramref name="ranked"/> (topic order) reordered by closeness to the channel's saves: papers at least
    /// <see cref="DigestOptions.MinTasteSimilarity"/> close to a saved paper first, closest first, each with its
    /// reason; then the rest in topic order, with no reason. Without saves (or vectors) the topic order stands.
    /// </summary>
    public async Task<(IReadOnlyList<Paper> Papers, IReadOnlyDictionary<string, string> Reasons)> OrderAsync(
        ulong channelId, IReadOnlyList<Paper> ranked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        var taste = (await SavedAsync(channelId, cancellationToken).ConfigureAwait(false)).Where(t => t.Vector is not null).ToArray();
        if (taste.Length == 0 || ranked.Count == 0)
        {
            return (ranked, new Dictionary<string, string>(StringComparer.Ordinal));
        }

        var vectors = await VectorsAsync([.. ranked.Select(p => p.Id)], cancellationToken).ConfigureAwait(false);
        var floor = options.Value.MinTasteSimilarity;
        var close = new List<(Paper Paper, int Order, float Similarity, TastePaper Saved)>();
        var rest = new List<Paper>();
        for (var i = 0; i < ranked.Count; i++)
        {
            if (vectors.TryGetValue(ranked[i].Id, out var vector) && Closest(vector, taste) is { } best && best.Similarity >= floor)
            {
                close.Add((ranked[i], i, best.Similarity, best.Saved));
            }
            else
            {
                rest.Add(ranked[i]);
            }
        }

        var ordered = close.OrderByDescending(c => c.Similarity).ThenBy(c => c.Order).ToList();
        var reasons = ordered.ToDictionary(c => c.Paper.Id, c => Reason(c.Saved), StringComparer.Ordinal);
        return ([.. ordered.Select(c => c.Paper), .. rest], reasons);
    }

    /// <summary>"close to “Title”, saved here by 3".</summary>
    public static string Reason(TastePaper saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        var title = DiscordText.Truncate(DiscordMarkdown.Escape(saved.Title), TitleShown);
        return string.Create(CultureInfo.InvariantCulture, $"close to “{title}”, saved here by {saved.Savers}");
    }

    private static (float Similarity, TastePaper Saved)? Closest(float[] vector, IReadOnlyList<TastePaper> taste)
    {
        (float Similarity, TastePaper Saved)? best = null;
        foreach (var saved in taste)
        {
            // A vector of zeros (a text the model could not embed) is close to nothing: its cosine is NaN.
            var similarity = TensorPrimitives.CosineSimilarity(vector, saved.Vector!);
            if (float.IsFinite(similarity) && (best is null || similarity > best.Value.Similarity))
            {
                best = (similarity, saved);
            }
        }

        return best;
    }

    private async Task<Dictionary<string, float[]>> VectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = VectorsSql;
            command.Parameters.AddWithValue("$model", embedder.Model.Name);
            command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray([.. ids]));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    found[reader.GetString(0)] = Read(reader, 1);
                }
            }
        }

        return found;
    }

    private static float[] Read(SqliteDataReader reader, int scaleColumn) =>
        QuantizedVector.FromBlob((float)reader.GetDouble(scaleColumn), (byte[])reader.GetValue(scaleColumn + 1)).ToFloats();

    // Property-mapped: count() is INTEGER in SQLite and BIGINT in PostgreSQL, both read as long.
    private sealed class SavedRow
    {
        public string PaperId { get; init; } = "";

        public long Savers { get; init; }
    }
}
