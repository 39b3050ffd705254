using System.Globalization;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Reads <c>Discord:Shards</c>, the shards one process runs out of <c>Discord:ShardCount</c>: ids and ranges
/// separated by commas (<c>0-3</c>, <c>0,2,5-7</c>); empty means every shard.
/// </summary>
public static class GatewayShardRange
{
    /// <summary>The shard ids in ascending order, or an error that names the setting and the bad part.</summary>
    public static bool TryParse(string? text, int shardCount, out IReadOnlyList<int> shards, out string? error)
    {
        shards = [];
        error = null;
        if (shardCount < 1)
        {
            error = $"{DiscordOptions.SectionName}:ShardCount must be at least 1 (it is {shardCount}).";
            return false;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            shards = [.. Enumerable.Range(0, shardCount)];
            return true;
        }

        var seen = new SortedSet<int>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0)
            {
                error = $"{DiscordOptions.SectionName}:Shards '{text}' has an empty entry between commas.";
                return false;
            }

            if (!TryRange(raw, out var first, out var last))
            {
                error = $"{DiscordOptions.SectionName}:Shards entry '{raw}' is neither a shard id nor a range like 0-3.";
                return false;
            }

            if (last >= shardCount)
            {
                error = $"{DiscordOptions.SectionName}:Shards entry '{raw}' is outside 0-{shardCount - 1} (Discord:ShardCount is {shardCount}).";
                return false;
            }

            for (var id = first; id <= last; id++)
            {
                if (!seen.Add(id))
                {
                    error = $"{DiscordOptions.SectionName}:Shards '{text}' names shard {id} twice (overlapping entries).";
                    return false;
                }
            }
        }

        shards = [.. seen];
        return true;
    }

    private static bool TryRange(string raw, out int first, out int last)
    {
        var dash = raw.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            var single = TryId(raw, out first);
            last = first;
            return single;
        }

        last = 0;
        return TryId(raw[..dash].Trim(), out first) && TryId(raw[(dash + 1)..].Trim(), out last) && first <= last;
    }

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
