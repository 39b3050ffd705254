using System.Globalization;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Limits;

/// <summary>
/// Checks payloads against Discord's limits before they are sent, so a message is refused here with a
/// clear reason instead of being rejected by Discord (and counted as an invalid request).
/// </summary>
public static class PayloadValidator
{
    public static void Validate(MessageCreate message, int fileCount = 0)
    {
        ArgumentNullException.ThrowIfNull(message);
        ValidateMessage(message.Content, message.Embeds, message.Components);
        if (fileCount > DiscordLimits.FilesPerMessage)
        {
            throw new DiscordPayloadException("files", $"{fileCount} files; at most {DiscordLimits.FilesPerMessage} per message.");
        }

        if (string.IsNullOrEmpty(message.Content) && message.Embeds is not { Count: > 0 } && message.Components is not { Count: > 0 } && fileCount == 0)
        {
            throw new DiscordPayloadException("content", "A message needs content, an embed, a component or a file.");
        }
    }

    /// <summary>Files to upload: at most 10, each within the default upload limit (Discord would answer 413).</summary>
    public static void Validate(IReadOnlyList<DiscordFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count > DiscordLimits.FilesPerMessage)
        {
            throw new DiscordPayloadException("files", $"{files.Count} files; at most {DiscordLimits.FilesPerMessage} per message.");
        }

        for (var i = 0; i < files.Count; i++)
        {
            if (files[i].Content.Length > DiscordLimits.FileBytes)
            {
                throw new DiscordPayloadException(
                    string.Create(CultureInfo.InvariantCulture, $"files[{i}]"),
                    string.Create(CultureInfo.InvariantCulture, $"{files[i].FileName} is {files[i].Content.Length} bytes; Discord accepts at most {DiscordLimits.FileBytes} bytes per file."));
            }
        }
    }

    public static void Validate(MessageEdit edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        ValidateMessage(edit.Content, edit.Embeds, edit.Components);
    }

    public static void Validate(InteractionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Data is not { } data)
        {
            return;
        }

        ValidateMessage(data.Content, data.Embeds, data.Components, "data.");
        if (data.Choices is { } choices)
        {
            ValidateChoices(choices, "data.choices");
        }
    }

    public static void Validate(IReadOnlyList<ApplicationCommand> commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        for (var i = 0; i < commands.Count; i++)
        {
            var c = commands[i];
            var path = $"commands[{i}]";
            Length(c.Name, 1, DiscordLimits.CommandName, $"{path}.name");
            if (c.Type is null or ApplicationCommandType.ChatInput)
            {
                Length(c.Description, 1, DiscordLimits.CommandDescription, $"{path}.description");
            }

            ValidateOptions(c.Options, $"{path}.options");
        }
    }

    private static void ValidateOptions(IReadOnlyList<ApplicationCommandOption>? options, string path)
    {
        if (options is null)
        {
            return;
        }

        Max(options.Count, DiscordLimits.CommandOptions, path, "options");
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            Length(o.Name, 1, DiscordLimits.CommandName, $"{path}[{i}].name");
            Length(o.Description, 1, DiscordLimits.CommandDescription, $"{path}[{i}].description");
            if (o.Choices is { } choices)
            {
                ValidateChoices(choices, $"{path}[{i}].choices");
            }

            ValidateOptions(o.Options, $"{path}[{i}].options");
        }
    }

    private static void ValidateChoices(IReadOnlyList<ApplicationCommandOptionChoice> choices, string path)
    {
        Max(choices.Count, DiscordLimits.AutocompleteChoices, path, "choices");
        for (var i = 0; i < choices.Count; i++)
        {
            Length(choices[i].Name, 1, DiscordLimits.ChoiceName, $"{path}[{i}].name");
            if (choices[i].Value.ValueKind == System.Text.Json.JsonValueKind.String)
            {
                Length(choices[i].Value.GetString(), 0, DiscordLimits.ChoiceStringValue, $"{path}[{i}].value");
            }
        }
    }

    private static void ValidateMessage(string? content, IReadOnlyList<Embed>? embeds, IReadOnlyList<MessageComponent>? components, string prefix = "")
    {
        Length(content, 0, DiscordLimits.MessageContent, prefix + "content");
        if (embeds is not null)
        {
            ValidateEmbeds(embeds, prefix + "embeds");
        }

        if (components is not null)
        {
            ComponentValidator.Validate(components, prefix + "components");
        }
    }

    private static void ValidateEmbeds(IReadOnlyList<Embed> embeds, string path)
    {
        Max(embeds.Count, DiscordLimits.EmbedsPerMessage, path, "embeds");
        var total = 0;
        for (var i = 0; i < embeds.Count; i++)
        {
            var e = embeds[i];
            var p = $"{path}[{i}]";
            total += Length(e.Title, 0, DiscordLimits.EmbedTitle, $"{p}.title");
            total += Length(e.Description, 0, DiscordLimits.EmbedDescription, $"{p}.description");
            total += Length(e.Footer?.Text, 0, DiscordLimits.EmbedFooterText, $"{p}.footer.text");
            total += Length(e.Author?.Name, 0, DiscordLimits.EmbedAuthorName, $"{p}.author.name");
            if (e.Fields is { } fields)
            {
                Max(fields.Count, DiscordLimits.EmbedFields, $"{p}.fields", "fields");
                for (var f = 0; f < fields.Count; f++)
                {
                    total += Length(fields[f].Name, 1, DiscordLimits.EmbedFieldName, $"{p}.fields[{f}].name");
                    total += Length(fields[f].Value, 1, DiscordLimits.EmbedFieldValue, $"{p}.fields[{f}].value");
                }
            }
        }

        if (total > DiscordLimits.EmbedTotalText)
        {
            throw new DiscordPayloadException(path, $"embeds hold {total} characters of text in total; at most {DiscordLimits.EmbedTotalText}.");
        }
    }

    internal static int Length(string? value, int min, int max, string field)
    {
        var length = value?.Length ?? 0;
        if (value is not null && (length < min || length > max))
        {
            throw new DiscordPayloadException(field, min > 0
                ? $"length {length}; must be {min} to {max} characters."
                : $"length {length}; at most {max} characters.");
        }

        return length;
    }

    internal static void Max(int count, int max, string field, string what)
    {
        if (count > max)
        {
            throw new DiscordPayloadException(field, $"{count} {what}; at most {max}.");
        }
    }
}
