using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    private const int MaxKeptTokenizations = 50_000;

    // A term's index tokens never change (the tokenizer is fixed by the schema), so each text is tokenized once.
    private static readonly ConcurrentDictionary<string, string> ListKeys = new(StringComparer.Ordinal);

    /// <summary>Whether a list is kept under this key, made for any state of the store (for tests).</summary>
    internal bool HasCommonList(string key) => commonLists.Contains(key);

    /// <summary>
    /// Whether a common-word query by relevance is better ranked exactly over every match (as a selective query
    /// is) than from the word lists: when it has few matches for its size, or when a list is missing in a store
    /// large enough to make its lists ahead. A list costs a ranking of every paper holding its word, which is
    /// never less than ranking this query's matches; the lists only pay back over many queries.
    /// </summary>
    private async Task<bool> RanksCommonExactlyAsync(
        SqliteConnection connection, SearchQuery query, SearchSort sort, double matches, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        if (sort != SearchSort.Relevance || !RanksFromLists(query) || !UsesOwnRanking(connection))
        {
            return false;
        }

        if (matches <= settings.CandidateLimit * 4L)
        {
            return true;
        }

        if (corpus.Size < CountFrequentWordsFrom || matches > settings.CandidateLimit * 64L)
        {
            return false;
        }

        var keys = await ListKeysAsync(connection, query, cancellationToken).ConfigureAwait(false);
        return keys.Any(k => commonLists.Find(k.Key, corpus.MaxSeq, settings.CandidateLimit) is null);
    }

    /// <summary>Whether every word of the query has its list made for the store as it is (nothing to make now).</summary>
    private async Task<bool> HasEveryListAsync(SqliteConnection connection, SearchQuery query, (long MaxSeq, long MinSeq, long Size) corpus, CancellationToken cancellationToken)
    {
        var keys = await ListKeysAsync(connection, query, cancellationToken).ConfigureAwait(false);
        return keys.All(k => commonLists.Find(k.Key, corpus.MaxSeq, settings.CandidateLimit) is not null);
    }

    /// <summary>
    /// Each distinct positive term of the query, in FTS5 syntax, with the key of its list: its index tokens (the
    /// porter stems the index holds), so "learning" and "learned" share the list made ahead for "learn".
    /// </summary>
    private static async Task<List<(string Key, string Term)>> ListKeysAsync(SqliteConnection connection, SearchQuery query, CancellationToken cancellationToken)
    {
        var texts = query.PositiveTerms.Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();
        var unknown = texts.Where(t => !ListKeys.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            var tokens = await IndexTokenizer.TokenizeAsync(connection, unknown, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < unknown.Count; i++)
            {
                if (ListKeys.Count < MaxKeptTokenizations)
                {
                    ListKeys[unknown[i]] = string.Join(' ', tokens[i]);
                }
            }
        }

        var keys = new List<(string Key, string Term)>(texts.Count);
        foreach (var text in texts)
        {
            var key = ListKeys.TryGetValue(text, out var kept)
                ? kept
                : string.Join(' ', (await IndexTokenizer.TokenizeAsync(connection, [text], cancellationToken).ConfigureAwait(false))[0]);
            if (keys.All(k => k.Key != key))
            {
                keys.Add((key, new SearchTerm(text).ToFts()));
            }
        }

        return keys;
    }
}
