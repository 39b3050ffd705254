using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Rest;

namespace PaperBot.FakeDiscord.Validation;

/// <summary>Create/edit message limits from docs/resources/Message.md and the embed limits table; errors in Discord's 50035 shape.</summary>
internal static class MessageValidator
{
    public const int MaxContent = 2000;
    public const int MaxEmbeds = 10;
    public const int MaxEmbedTotal = 6000;
    public const int MaxFiles = 10;

    /// <summary>Validates the fields present; <paramref name="requireContent"/> also rejects a message with nothing to show (50006).</summary>
    public static void Validate(JsonObject payload, int newFiles, bool requireContent)
    {
        var errors = new FormErrors();
        if (payload["content"] is { } content)
        {
            if (!JsonRead.IsString(content))
            {
                errors.Add("content", "BASE_TYPE_STRING", "Must be a string.");
            }
            else if (JsonRead.Length(content.GetValue<string>()) > MaxContent)
            {
                errors.MaxLength("content", MaxContent);
            }
        }

        if (payload["embeds"] is { } embeds)
        {
            ValidateEmbeds(embeds, errors);
        }

        if (payload["components"] is { } components)
        {
            var v2 = ((JsonRead.Int(payload["flags"]) ?? 0) & (1 << 15)) != 0;
            ComponentValidator.ValidateMessageComponents(components, v2, errors);
        }

        if (payload["allowed_mentions"] is { } mentions)
        {
            AllowedMentionsValidator.Validate(mentions, errors);
        }

        if (payload["flags"] is { } flags && JsonRead.Int(flags) is null)
        {
            errors.Add("flags", "NUMBER_TYPE_COERCE", $"Value \"{flags.ToJsonString()}\" is not int.");
        }

        if (newFiles > MaxFiles)
        {
            errors.MaxLength("attachments", MaxFiles);
        }

        errors.ThrowIfAny();
        if (requireContent && IsEmpty(payload, newFiles))
        {
            throw DiscordError.EmptyMessage();
        }
    }

    public static bool IsEmpty(JsonObject payload, int files) =>
        string.IsNullOrEmpty(JsonRead.String(payload["content"]))
        && payload["embeds"] is not JsonArray { Count: > 0 }
        && payload["components"] is not JsonArray { Count: > 0 }
        && payload["sticker_ids"] is not JsonArray { Count: > 0 }
        && payload["poll"] is null
        && files == 0;

    private static void ValidateEmbeds(JsonNode embeds, FormErrors errors)
    {
        if (embeds is not JsonArray list)
        {
            errors.Add("embeds", "BASE_TYPE_LIST", "Must be an array.");
            return;
        }

        if (list.Count > MaxEmbeds)
        {
            errors.MaxLength("embeds", MaxEmbeds);
        }

        var total = 0;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject embed)
            {
                errors.Add($"embeds.{i}", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            total += ValidateEmbed(embed, $"embeds.{i}", errors);
        }

        if (total > MaxEmbedTotal)
        {
            errors.Add("embeds", "MAX_EMBED_SIZE_EXCEEDED", $"Embed size exceeds maximum size of {MaxEmbedTotal}");
        }
    }

    /// <summary>Returns the embed's characters that count toward the 6000 total (title, description, field names and values, footer, author).</summary>
    private static int ValidateEmbed(JsonObject embed, string path, FormErrors errors)
    {
        var total = Text(embed["title"], $"{path}.title", 256, errors, required: false)
            + Text(embed["description"], $"{path}.description", 4096, errors, required: false);
        if (embed["fields"] is { } fieldsNode)
        {
            if (fieldsNode is not JsonArray fields)
            {
                errors.Add($"{path}.fields", "BASE_TYPE_LIST", "Must be an array.");
            }
            else
            {
                if (fields.Count > 25)
                {
                    errors.MaxLength($"{path}.fields", 25);
                }

                for (var j = 0; j < fields.Count; j++)
                {
                    var field = fields[j] as JsonObject;
                    total += Text(field?["name"], $"{path}.fields.{j}.name", 256, errors, required: true)
                        + Text(field?["value"], $"{path}.fields.{j}.value", 1024, errors, required: true);
                }
            }
        }

        if (embed["footer"] is JsonObject footer)
        {
            total += Text(footer["text"], $"{path}.footer.text", 2048, errors, required: true);
        }

        if (embed["author"] is JsonObject author)
        {
            total += Text(author["name"], $"{path}.author.name", 256, errors, required: true);
        }

        if (embed["color"] is { } color && (JsonRead.Long(color) is not { } value || value < 0 || value > 0xFFFFFF))
        {
            errors.Add($"{path}.color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
        }

        if (embed["timestamp"] is { } timestamp && (!JsonRead.IsString(timestamp) || !DateTimeOffset.TryParse(timestamp.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            errors.Add($"{path}.timestamp", "DATE_TIME_TYPE_PARSE", "Could not parse timestamp. Should be ISO8601.");
        }

        foreach (var urlField in new[] { "url" })
        {
            if (embed[urlField] is { } url && (JsonRead.String(url) is not { } s || !Uri.TryCreate(s, UriKind.Absolute, out _)))
            {
                errors.Add($"{path}.{urlField}", "URL_TYPE_INVALID_URL", "Not a well formed URL.");
            }
        }

        return total;
    }

    private static int Text(JsonNode? node, string path, int max, FormErrors errors, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                errors.Required(path);
            }

            return 0;
        }

        if (!JsonRead.IsString(node))
        {
            errors.Add(path, "BASE_TYPE_STRING", "Must be a string.");
            return 0;
        }

        var length = JsonRead.Length(node.GetValue<string>());
        if (required && length == 0)
        {
            errors.Required(path);
        }
        else if (length > max)
        {
            errors.MaxLength(path, max);
        }

        return length;
    }
}
