using System.Text;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

/// <summary>Searches other than a ranked page of the whole store: filters only, autocomplete, papers like given ones, and matches among given papers.</summary>
public sealed partial class PaperSearch
{
    private const int MaxSuggestions = 25;
    private const int RelatedTermCount = 12;
    private const int SimilarTermCount = 16;
    private const int MaxSourceWords = 150;

    // Words in nearly every abstract: never worth a frequency lookup for "related papers".
    private static readonly HashSet<string> StopWords = new(
        """
        the and for with that this from are our which can its these has have not than also such their both while into
        more show shows based using use used results propose proposed method methods approach paper work new been was were
        will may how what when where who all any each other some most only over under between through during without within
        they them then there here however therefore thus well very much many one two three first second via about above
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    private const string NewestTitlesSql = """
        SELECT p.id, p.title FROM papers AS p ORDER BY p.published DESC, p.first_seen DESC LIMIT $limit
        """;

    private const string SourcePapersSql = """
        SELECT p.seq, p.title, p.abstract FROM papers AS p WHERE p.id IN (SELECT value FROM json_each($ids))
        """;

    // A filters-only query's -word terms, bound as $exclude.
    private const string ExclusionSql = " AND p.seq NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH $exclude)";

    private const string SeqsSql = "SELECT p.seq FROM papers AS p WHERE p.id IN (SELECT value FROM json_each($ids))";

    /// <summary>Papers most like one paper (itself excluded), best first.</summary>
    public Task<IReadOnlyList<SearchHit>> RelatedAsync(string paperId, int limit, CancellationToken cancellationToken) =>
        SimilarAsync([paperId], [], limit, RelatedTermCount, cancellationToken);

    /// <summary>Papers most like a set of papers (a library), leaving out the set and <paramref name="excludeIds"/>.</summary>
    public Task<IReadOnlyList<SearchHit>> SimilarToAsync(
        IReadOnlyCollection<string> paperIds, IReadOnlyCollection<string> excludeIds, int limit, CancellationToken cancellationToken) =>
        SimilarAsync(paperIds, excludeIds, limit, SimilarTermCount, cancellationToken);

    private async Task<IReadOnlyList<SearchHit>> SimilarAsync(
        IReadOnlyCollection<string> paperIds, IReadOnlyCollection<string> excludeIds, int limit, int termCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paperIds);
        ArgumentNullException.ThrowIfNull(excludeIds);
        limit = Math.Clamp(limit, 1, MaxLimit);
        var ids = paperIds.Select(PaperStore.NormalizeId).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var (sources, weights) = await ReadSourceWordsAsync(connection, ids, cancellationToken).ConfigureAwait(false);
            if (sources.Count == 0)
            {
                return [];
            }

            var match = await KeyTermsMatchAsync(connection, weights, termCount, cancellationToken).ConfigureAwait(false);
            if (match is null)
            {
                return [];
            }

            var excluded = new HashSet<long>(sources);
            var excludeNormalized = excludeIds.Select(PaperStore.NormalizeId).Where(i => i.Length > 0).ToArray();
            if (excludeNormalized.Length > 0)
            {
                using var seqs = connection.CreateCommand();
                seqs.CommandText = SeqsSql;
                seqs.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray(excludeNormalized));
                var reader = await seqs.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        excluded.Add(reader.GetInt64(0));
                    }
                }
            }

            using var command = connection.CreateCommand();
            // The key terms are plain words, so their counts are kept; the exclusion is a WHERE term, so only
            // the rows that can be shown are offered to the ranking.
            var (score, scope) = await ScoreAsync(connection, command, plainWords: true, keep: limit, cancellationToken).ConfigureAwait(false);
            command.CommandText = $"""
                SELECT papers_fts.rowid, {score} AS score
                FROM papers_fts
                WHERE papers_fts MATCH $match AND papers_fts.rowid NOT IN (SELECT value FROM json_each($excluded))
                ORDER BY score DESC, papers_fts.rowid DESC
                LIMIT $limit
                """;
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$excluded", "[" + string.Join(',', excluded) + "]");
            command.Parameters.AddWithValue("$limit", limit);
            var ranked = new List<(long, double)>();
            using (scope)
            {
                var rankedReader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (rankedReader.ConfigureAwait(false))
                {
                    while (await rankedReader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        ranked.Add((rankedReader.GetInt64(0), rankedReader.GetDouble(1)));
                    }
                }
            }

            return await LoadHitsAsync(connection, match, ranked, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The source papers' row ids and their words weighted by where they occur (title counts triple).</summary>
    private static async Task<(List<long> Seqs, Dictionary<string, double> Weights)> ReadSourceWordsAsync(
        SqliteConnection connection, string[] ids, CancellationToken cancellationToken)
    {
        var seqs = new List<long>();
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = SourcePapersSql;
        command.Parameters.AddWithValue("$ids", PaperJsonContext.ToJsonArray(ids));
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                seqs.Add(reader.GetInt64(0));
                foreach (var word in Words(reader.GetString(1)))
                {
                    weights[word] = weights.GetValueOrDefault(word) + 3;
                }

                foreach (var word in Words(reader.GetString(2)))
                {
                    weights[word] = weights.GetValueOrDefault(word) + 1;
                }
            }
        }

        return (seqs, weights);
    }

    /// <summary>
    /// An OR of the words with the highest tf-idf, idf from the index vocabulary. Words are grouped by
    /// their stem so "decoding" and "decode" count once; the emitted word is the one seen most.
    /// </summary>
    private static async Task<string?> KeyTermsMatchAsync(
        SqliteConnection connection, Dictionary<string, double> weights, int termCount, CancellationToken cancellationToken)
    {
        var words = weights
            .Where(w => w.Key.Length >= 3 && !w.Key.All(char.IsAsciiDigit) && !StopWords.Contains(w.Key))
            .OrderByDescending(w => w.Value)
            .Take(MaxSourceWords)
            .ToArray();
        var stems = await IndexTokenizer.TokenizeAsync(connection, words.Select(w => w.Key).ToArray(), cancellationToken).ConfigureAwait(false);
        var byStem = new Dictionary<string, (string Word, double Weight, double Best)>(StringComparer.Ordinal);
        for (var i = 0; i < words.Length; i++)
        {
            if (stems[i].Count != 1)
            {
                continue;
            }

            var (word, weight) = (words[i].Key, words[i].Value);
            byStem[stems[i][0]] = byStem.TryGetValue(stems[i][0], out var seen)
                ? (weight > seen.Best ? word : seen.Word, seen.Weight + weight, Math.Max(seen.Best, weight))
                : (word, weight, weight);
        }

        var corpus = await ReadCorpusAsync(connection, cancellationToken).ConfigureAwait(false);
        var frequencies = await DocumentFrequenciesAsync(connection, byStem.Select(s => (s.Key, s.Value.Word)).ToArray(), corpus, cancellationToken).ConfigureAwait(false);
        var chosen = byStem
            .Select(s => (s.Value.Word, Score: s.Value.Weight * Idf(corpus.Size, frequencies[s.Key]), Frequency: frequencies[s.Key]))
            .Where(s => s.Frequency > 1 && s.Score > 0)
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Word, StringComparer.Ordinal)
            .Take(termCount)
            .Select(s => $"\"{s.Word}\"")
            .ToArray();
        return chosen.Length == 0 ? null : string.Join(" OR ", chosen);
    }

    /// <summary>
    /// Document frequency per stem. fts5vocab counts by walking the term's whole doclist, which is slow for
    /// common words in a large store, so each word is first counted in a sample of the newest papers:
    /// common words get their frequency estimated from the sample, rare ones read exactly from the vocabulary.
    /// </summary>
    private static async Task<Dictionary<string, long>> DocumentFrequenciesAsync(
        SqliteConnection connection, (string Stem, string Word)[] terms, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        const long SampleRows = 5000;
        var floor = Math.Max(corpus.MinSeq, corpus.MaxSeq - SampleRows + 1);
        var sampled = corpus.MaxSeq - floor + 1;
        var wholeCorpus = floor == corpus.MinSeq;
        var frequencies = new Dictionary<string, long>(StringComparer.Ordinal);
        using var sample = connection.CreateCommand();
        sample.CommandText = "SELECT count(*) FROM papers_fts WHERE papers_fts MATCH $match AND papers_fts.rowid >= $floor";
        var match = sample.Parameters.Add("$match", SqliteType.Text);
        sample.Parameters.AddWithValue("$floor", floor);
        using var vocabulary = connection.CreateCommand();
        vocabulary.CommandText = "SELECT doc FROM papers_fts_vocab WHERE term = $term";
        var term = vocabulary.Parameters.Add("$term", SqliteType.Text);
        foreach (var (stem, word) in terms)
        {
            match.Value = $"\"{word}\"";
            var inSample = (long)(await sample.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
            if (wholeCorpus)
            {
                frequencies[stem] = inSample;
            }
            else if (inSample * 100 > sampled)
            {
                frequencies[stem] = inSample * corpus.Size / sampled;
            }
            else
            {
                term.Value = stem;
                frequencies[stem] = await vocabulary.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long doc ? doc : 0;
            }
        }

        return frequencies;
    }

    private static double Idf(long corpus, long frequency) => Math.Log((corpus - frequency + 0.5) / (frequency + 0.5));

    /// <summary>Lower-cased runs of letters and digits: how autocomplete and related-paper terms see text.</summary>
    internal static IEnumerable<string> Words(string text)
    {
        var builder = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
                continue;
            }

            if (builder.Length > 0)
            {
                yield return builder.ToString();
                builder.Clear();
            }
        }

        if (builder.Length > 0)
        {
            yield return builder.ToString();
        }
    }

    // A new-style arXiv id being typed, from its dot on ("2410.", "2410.0", "arXiv:2410.033"); a lone "2024" stays a title word.
    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*(?:arxiv:)?(\d{4}\.\d{0,5})\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PartialArxivId();
}
