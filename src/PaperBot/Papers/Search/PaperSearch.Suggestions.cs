namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    /// <summary>
    /// Titles for autocomplete: every typed word must start a word of the title (unstemmed), newest stored
    /// first. An arXiv id or URL finds that paper; empty input offers the newest papers.
    /// </summary>
    public async Task<IReadOnlyList<TitleSuggestion>> SuggestTitlesAsync(string partial, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxSuggestions);
        partial ??= "";
        var connection = await connectionFactory.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$limit", limit);
            var words = Words(partial).Take(8).ToArray();
            if (ArxivId.TryParse(partial, out var id))
            {
                command.CommandText = "SELECT p.id, p.title FROM papers AS p WHERE p.id = $id";
                command.Parameters.AddWithValue("$id", id.Id);
            }
            else if (PartialArxivId().Match(partial) is { Success: true } prefix)
            {
                // "2410.03": the papers whose id starts so, as one types an id (digits and dots: no GLOB wildcard).
                command.CommandText = "SELECT p.id, p.title FROM papers AS p WHERE p.id GLOB $prefix ORDER BY p.id DESC LIMIT $limit";
                command.Parameters.AddWithValue("$prefix", prefix.Groups[1].Value + "*");
            }
            else if (words.Length == 0)
            {
                command.CommandText = NewestTitlesSql;
            }
            else
            {
                command.CommandText = SuggestSql;
                command.Parameters.AddWithValue("$match", string.Join(' ', words.Select(w => $"\"{w}\" *")));
            }

            var suggestions = new List<TitleSuggestion>(limit);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    suggestions.Add(new TitleSuggestion(reader.GetString(0), reader.GetString(1)));
                }
            }

            return suggestions;
        }
    }
}
