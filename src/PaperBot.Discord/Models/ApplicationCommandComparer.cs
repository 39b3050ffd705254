using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperBot.Discord.Models;

/// <summary>Whether the commands Discord holds are the ones we would register, so a bulk overwrite can be skipped.</summary>
public static class ApplicationCommandComparer
{
    /// <summary>
    /// True when <paramref name="remote"/> (from GET) matches <paramref name="local"/> command for command, ignoring
    /// what Discord assigns (ids, versions) and fields at their defaults (false, empty, null). Option order counts,
    /// as it does in the client's UI; command order does not.
    /// </summary>
    public static bool SameDefinitions(IReadOnlyList<ApplicationCommand> local, IReadOnlyList<ApplicationCommand> remote)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(remote);
        if (local.Count != remote.Count)
        {
            return false;
        }

        var mine = Sorted(local);
        var theirs = Sorted(remote);
        for (var i = 0; i < mine.Count; i++)
        {
            var wanted = mine[i];

            // Discord fills in contexts and integration types we left unset; only ones we set are ours to compare.
            var held = theirs[i] with
            {
                Contexts = wanted.Contexts is null ? null : theirs[i].Contexts,
                IntegrationTypes = wanted.IntegrationTypes is null ? null : theirs[i].IntegrationTypes,
            };
            if (!JsonNode.DeepEquals(Normalize(wanted), Normalize(held)))
            {
                return false;
            }
        }

        return true;
    }

    private static List<ApplicationCommand> Sorted(IReadOnlyList<ApplicationCommand> commands) =>
        [.. commands.OrderBy(c => c.Type ?? ApplicationCommandType.ChatInput).ThenBy(c => c.Name, StringComparer.Ordinal)];

    private static JsonNode? Normalize(ApplicationCommand command)
    {
        var definition = command with { Id = null, ApplicationId = null, GuildId = null, Version = null, Type = command.Type ?? ApplicationCommandType.ChatInput };
        var node = JsonSerializer.SerializeToNode(definition, DiscordJsonContext.Default.ApplicationCommand);
        StripDefaults(node);
        return node;
    }

    private static void StripDefaults(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IsDefault(value))
                    {
                        obj.Remove(name);
                    }
                    else
                    {
                        StripDefaults(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    StripDefaults(item);
                }

                break;
        }
    }

    private static bool IsDefault(JsonNode? value) => value switch
    {
        null => true,
        JsonArray { Count: 0 } => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length == 0 => true,
        _ => false,
    };
}
