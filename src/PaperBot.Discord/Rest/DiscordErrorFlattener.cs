using System.Text.Json;

namespace PaperBot.Discord.Rest;

/// <summary>Turns the nested <c>errors</c> object of a 50035 response into "path: message" lines.</summary>
internal static class DiscordErrorFlattener
{
    public static IReadOnlyList<string> Flatten(JsonElement errors)
    {
        var result = new List<string>();
        Walk(errors, "", result);
        return result;
    }

    private static void Walk(JsonElement node, string path, List<string> result)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors") && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in property.Value.EnumerateArray())
                {
                    var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                    result.Add($"{(path.Length == 0 ? "(body)" : path)}: {message}");
                }
            }
            else
            {
                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", result);
            }
        }
    }
}
