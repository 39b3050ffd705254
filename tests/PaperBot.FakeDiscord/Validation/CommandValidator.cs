using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PaperBot.FakeDiscord.Validation;

/// <summary>Application command limits (docs/interactions/Application_Commands.md): names 1-32 lowercase, descriptions 1-100,
/// 25 options, 25 choices, required options first, no choices with autocomplete, 4000 characters in all.</summary>
internal static partial class CommandValidator
{
    private const int MaxCommands = 100;
    private const int MaxContextMenuCommands = 5;

    public static void ValidateAll(JsonArray commands, FormErrors errors)
    {
        if (commands.Count > MaxCommands)
        {
            errors.MaxLength("_root", MaxCommands);
        }

        // Docs (Application Commands, Contexts): up to 5 user and 5 message context menu commands per scope.
        foreach (var menuType in new[] { 2, 3 })
        {
            if (commands.OfType<JsonObject>().Count(c => JsonRead.Int(c["type"]) == menuType) > MaxContextMenuCommands)
            {
                errors.Add("_root", "APPLICATION_COMMANDS_MAX_CONTEXT_MENU", $"Maximum number of {(menuType == 2 ? "user" : "message")} context menu commands reached ({MaxContextMenuCommands})");
            }
        }

        var seen = new HashSet<(int, string)>();
        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i] is not JsonObject command)
            {
                errors.Add($"{i}", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            Validate(command, $"{i}", errors);
            var key = (JsonRead.Int(command["type"]) ?? 1, JsonRead.String(command["name"]) ?? "");
            if (!seen.Add(key))
            {
                errors.Add($"{i}.name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
            }
        }
    }

    public static void Validate(JsonObject command, string path, FormErrors errors)
    {
        var type = JsonRead.Int(command["type"]) ?? 1;
        if (type is < 1 or > 4)
        {
            errors.Add($"{path}.type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.");
        }

        var name = JsonRead.String(command["name"]);
        var description = JsonRead.String(command["description"]);
        var total = JsonRead.Length(name) + JsonRead.Length(description);
        if (type == 1)
        {
            Name(name, $"{path}.name", errors);
            Description(description, $"{path}.description", errors);
            total += Options(command["options"], $"{path}.options", depth: 0, errors);
        }
        else
        {
            if (name is null || JsonRead.Length(name) is < 1 or > 32)
            {
                errors.Length($"{path}.name", 1, 32);
            }

            if (!string.IsNullOrEmpty(description))
            {
                errors.Add($"{path}.description", "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Context menu commands cannot have a description");
            }

            if (command["options"] is JsonArray { Count: > 0 })
            {
                errors.Add($"{path}.options", "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS", "Context menu commands cannot have options");
            }
        }

        if (total > 4000)
        {
            errors.Add(path, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)");
        }

        if (command["default_member_permissions"] is { } permissions && !JsonRead.IsString(permissions) && permissions.GetValueKind() != System.Text.Json.JsonValueKind.Null)
        {
            errors.Add($"{path}.default_member_permissions", "BASE_TYPE_STRING", "Must be a string.");
        }
    }

    private static int Options(JsonNode? node, string path, int depth, FormErrors errors)
    {
        if (node is null)
        {
            return 0;
        }

        if (node is not JsonArray options)
        {
            errors.Add(path, "BASE_TYPE_LIST", "Must be an array.");
            return 0;
        }

        if (options.Count > 25)
        {
            errors.MaxLength(path, 25);
        }

        var total = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var sawOptional = false;
        for (var i = 0; i < options.Count; i++)
        {
            var optionPath = $"{path}.{i}";
            if (options[i] is not JsonObject option)
            {
                errors.Add(optionPath, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
                continue;
            }

            var type = JsonRead.Int(option["type"]);
            var name = JsonRead.String(option["name"]);
            var description = JsonRead.String(option["description"]);
            total += JsonRead.Length(name) + JsonRead.Length(description);
            if (type is not (>= 1 and <= 11))
            {
                errors.Add($"{optionPath}.type", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}.");
                continue;
            }

            Name(name, $"{optionPath}.name", errors);
            Description(description, $"{optionPath}.description", errors);
            if (name is not null && !names.Add(name))
            {
                errors.Add($"{optionPath}.name", "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique");
            }

            var isSubcommand = type is 1 or 2;
            if (isSubcommand)
            {
                var nestingOk = type == 2 ? depth == 0 : depth <= 1;
                if (!nestingOk)
                {
                    errors.Add($"{optionPath}.type", "APPLICATION_COMMAND_OPTION_NESTING", "Subcommands and groups cannot be nested this deep");
                }

                if (type == 2 && option["options"] is JsonArray children && children.OfType<JsonObject>().Any(c => JsonRead.Int(c["type"]) != 1))
                {
                    errors.Add($"{optionPath}.options", "APPLICATION_COMMAND_OPTION_GROUP_CONTENT", "Subcommand groups can only contain subcommands");
                }

                total += Options(option["options"], $"{optionPath}.options", depth + 1, errors);
                continue;
            }

            var required = JsonRead.IsTrue(option["required"]);
            if (required && sawOptional)
            {
                errors.Add($"{optionPath}.required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options");
            }

            sawOptional |= !required;
            total += Choices(option, type.Value, optionPath, errors);
            if (option["min_length"] is { } minLength && JsonRead.Int(minLength) is not (>= 0 and <= 6000))
            {
                errors.Add($"{optionPath}.min_length", "NUMBER_TYPE_MAX", "int value should be between 0 and 6000.");
            }

            if (option["max_length"] is { } maxLength && JsonRead.Int(maxLength) is not (>= 1 and <= 6000))
            {
                errors.Add($"{optionPath}.max_length", "NUMBER_TYPE_MAX", "int value should be between 1 and 6000.");
            }
        }

        if (depth > 0 || options.OfType<JsonObject>().Any(o => JsonRead.Int(o["type"]) is 1 or 2))
        {
            var mixed = options.OfType<JsonObject>().Select(o => JsonRead.Int(o["type"]) is 1 or 2).Distinct().Count() > 1;
            if (mixed)
            {
                errors.Add(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Subcommands cannot be mixed with other option types");
            }
        }

        return total;
    }

    private static int Choices(JsonObject option, int type, string path, FormErrors errors)
    {
        if (option["choices"] is not { } node)
        {
            return 0;
        }

        if (node is not JsonArray choices)
        {
            errors.Add($"{path}.choices", "BASE_TYPE_LIST", "Must be an array.");
            return 0;
        }

        if (type is not (3 or 4 or 10))
        {
            errors.Add($"{path}.choices", "APPLICATION_COMMAND_OPTION_CHOICES_TYPE", "Choices are only allowed on string, integer and number options");
        }

        if (JsonRead.IsTrue(option["autocomplete"]) && choices.Count > 0)
        {
            errors.Add($"{path}.autocomplete", "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES", "Autocomplete cannot be enabled on options that have choices");
        }

        if (choices.Count > 25)
        {
            errors.MaxLength($"{path}.choices", 25);
        }

        var total = 0;
        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i] as JsonObject;
            var name = JsonRead.String(choice?["name"]);
            total += JsonRead.Length(name) + JsonRead.Length(choice?["value"]?.ToString());
            if (name is null || JsonRead.Length(name) is < 1 or > 100)
            {
                errors.Length($"{path}.choices.{i}.name", 1, 100);
            }

            var value = choice?["value"];
            var valueOk = type == 3
                ? JsonRead.String(value) is { } s && JsonRead.Length(s) is >= 1 and <= 100
                : JsonRead.IsNumber(value);
            if (!valueOk)
            {
                errors.Add($"{path}.choices.{i}.value", "BASE_TYPE_BAD_VALUE", type == 3 ? "Must be a string between 1 and 100 in length." : "Must be a number.");
            }
        }

        return total;
    }

    private static void Name(string? name, string path, FormErrors errors)
    {
        if (name is null || JsonRead.Length(name) is < 1 or > 32)
        {
            errors.Length(path, 1, 32);
        }
        else if (!NamePattern().IsMatch(name) || name != name.ToLowerInvariant())
        {
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
        }
    }

    private static void Description(string? description, string path, FormErrors errors)
    {
        if (description is null || JsonRead.Length(description) is < 1 or > 100)
        {
            errors.Length(path, 1, 100);
        }
    }

    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex NamePattern();
}
