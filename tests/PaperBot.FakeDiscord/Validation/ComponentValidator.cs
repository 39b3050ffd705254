using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Validation;

/// <summary>Component limits from docs/interactions/Message_Components.md: 5 action rows, 5 buttons a row, one select a row,
/// custom_id 1-100 and unique, link buttons with a url and no custom_id, 25 select options.</summary>
internal static class ComponentValidator
{
    private static readonly HashSet<int> SelectTypes = [3, 5, 6, 7, 8];

    public static void ValidateMessageComponents(JsonNode node, bool componentsV2, FormErrors errors)
    {
        if (node is not JsonArray rows)
        {
            errors.Add("components", "BASE_TYPE_LIST", "Must be an array.");
            return;
        }

        var customIds = new HashSet<string>(StringComparer.Ordinal);
        if (componentsV2)
        {
            // Layout rules of components v2 are out of the fake's scope; ids still have to be valid and unique.
            for (var i = 0; i < rows.Count; i++)
            {
                WalkCustomIds(rows[i], $"components.{i}", customIds, errors);
            }

            return;
        }

        if (rows.Count > 5)
        {
            errors.MaxLength("components", 5);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var path = $"components.{i}";
            if (rows[i] is not JsonObject row || JsonRead.Int(row["type"]) != 1)
            {
                errors.Add($"{path}.type", "BASE_TYPE_CHOICES", "Value must be one of {1}.");
                continue;
            }

            if (row["components"] is not JsonArray items || items.Count is < 1 or > 5)
            {
                errors.Length($"{path}.components", 1, 5);
                continue;
            }

            for (var j = 0; j < items.Count; j++)
            {
                var itemPath = $"{path}.components.{j}";
                if (items[j] is not JsonObject item)
                {
                    errors.Add(itemPath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                    continue;
                }

                var type = JsonRead.Int(item["type"]);
                if (type == 2)
                {
                    ValidateButton(item, itemPath, customIds, errors);
                }
                else if (type is { } t && SelectTypes.Contains(t))
                {
                    if (items.Count > 1)
                    {
                        errors.Add($"{path}.components", "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width");
                    }

                    ValidateSelect(item, t, itemPath, customIds, errors);
                }
                else
                {
                    errors.Add($"{itemPath}.type", "COMPONENT_TYPE_INVALID", $"Component type {item["type"]?.ToJsonString()} is not allowed here.");
                }
            }
        }
    }

    /// <summary>Modal (callback type 9) data: custom_id, title ≤ 45, 1-5 rows of text inputs.</summary>
    public static void ValidateModal(JsonObject modal, FormErrors errors)
    {
        CustomId(modal["custom_id"], "data.custom_id", new HashSet<string>(), errors);
        var title = JsonRead.String(modal["title"]);
        if (title is null || JsonRead.Length(title) is < 1 or > 45)
        {
            errors.Length("data.title", 1, 45);
        }

        if (modal["components"] is not JsonArray rows || rows.Count is < 1 or > 5)
        {
            errors.Length("data.components", 1, 5);
            return;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            WalkCustomIds(rows[i], $"data.components.{i}", ids, errors);
        }
    }

    private static void ValidateButton(JsonObject button, string path, HashSet<string> customIds, FormErrors errors)
    {
        var style = JsonRead.Int(button["style"]);
        if (style is not (>= 1 and <= 6))
        {
            errors.Add($"{path}.style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
            return;
        }

        if (style == 5)
        {
            if (JsonRead.String(button["url"]) is not { } url || !Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                errors.Add($"{path}.url", "BUTTON_COMPONENT_URL_REQUIRED", "A url is required");
            }

            if (button["custom_id"] is not null)
            {
                errors.Add($"{path}.custom_id", "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A custom id is not allowed on a link button");
            }
        }
        else if (style != 6)
        {
            CustomId(button["custom_id"], $"{path}.custom_id", customIds, errors);
            if (button["url"] is not null)
            {
                errors.Add($"{path}.url", "BUTTON_COMPONENT_URL_NOT_ALLOWED", "A url is only allowed on a link button");
            }
        }

        if (button["label"] is { } label && JsonRead.Length(JsonRead.String(label)) > 80)
        {
            errors.MaxLength($"{path}.label", 80);
        }

        if (style != 6 && string.IsNullOrEmpty(JsonRead.String(button["label"])) && button["emoji"] is null)
        {
            errors.Add($"{path}.label", "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or an emoji is required");
        }
    }

    private static void ValidateSelect(JsonObject select, int type, string path, HashSet<string> customIds, FormErrors errors)
    {
        CustomId(select["custom_id"], $"{path}.custom_id", customIds, errors);
        if (select["placeholder"] is { } placeholder && JsonRead.Length(JsonRead.String(placeholder)) > 150)
        {
            errors.MaxLength($"{path}.placeholder", 150);
        }

        var min = JsonRead.Int(select["min_values"]) ?? 1;
        var max = JsonRead.Int(select["max_values"]) ?? 1;
        if (min is < 0 or > 25)
        {
            errors.Add($"{path}.min_values", "NUMBER_TYPE_MAX", "int value should be between 0 and 25.");
        }

        if (max is < 1 or > 25)
        {
            errors.Add($"{path}.max_values", "NUMBER_TYPE_MAX", "int value should be between 1 and 25.");
        }

        if (type != 3)
        {
            return;
        }

        if (select["options"] is not JsonArray options || options.Count is < 1 or > 25)
        {
            errors.Length($"{path}.options", 1, 25);
            return;
        }

        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < options.Count; k++)
        {
            var option = options[k] as JsonObject;
            var label = JsonRead.String(option?["label"]);
            var value = JsonRead.String(option?["value"]);
            if (label is null || JsonRead.Length(label) is < 1 or > 100)
            {
                errors.Length($"{path}.options.{k}.label", 1, 100);
            }

            if (value is null || JsonRead.Length(value) is < 1 or > 100)
            {
                errors.Length($"{path}.options.{k}.value", 1, 100);
            }
            else if (!values.Add(value))
            {
                errors.Add($"{path}.options.{k}.value", "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED", "Select option values must be unique");
            }

            if (option?["description"] is { } description && JsonRead.Length(JsonRead.String(description)) > 100)
            {
                errors.MaxLength($"{path}.options.{k}.description", 100);
            }
        }

        if (max > options.Count)
        {
            errors.Add($"{path}.max_values", "SELECT_COMPONENT_MAX_VALUES_EXCEEDED", "max_values cannot exceed the number of options");
        }
    }

    private static void WalkCustomIds(JsonNode? node, string path, HashSet<string> ids, FormErrors errors)
    {
        if (node is not JsonObject component)
        {
            return;
        }

        if (component["custom_id"] is { } customId)
        {
            CustomId(customId, $"{path}.custom_id", ids, errors);
        }

        foreach (var key in new[] { "components", "accessory", "component" })
        {
            if (component[key] is JsonArray children)
            {
                for (var i = 0; i < children.Count; i++)
                {
                    WalkCustomIds(children[i], $"{path}.{key}.{i}", ids, errors);
                }
            }
            else if (component[key] is JsonObject child)
            {
                WalkCustomIds(child, $"{path}.{key}", ids, errors);
            }
        }
    }

    private static void CustomId(JsonNode? node, string path, HashSet<string> ids, FormErrors errors)
    {
        var id = JsonRead.String(node);
        if (id is null || JsonRead.Length(id) is < 1 or > 100)
        {
            errors.Length(path, 1, 100);
        }
        else if (!ids.Add(id))
        {
            errors.Add(path, "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
        }
    }
}
