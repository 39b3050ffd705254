using PaperBot.Discord.Models;

namespace PaperBot.Discord.Limits;

internal static class ComponentValidator
{
    public static void Validate(IReadOnlyList<MessageComponent> rows, string path)
    {
        PayloadValidator.Max(rows.Count, DiscordLimits.ActionRows, path, "action rows");
        var customIds = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var rowPath = $"{path}[{r}]";
            if (row.Type != ComponentType.ActionRow)
            {
                throw new DiscordPayloadException($"{rowPath}.type", "top-level components must be action rows.");
            }

            var children = row.Components ?? [];
            if (children.Count == 0)
            {
                throw new DiscordPayloadException($"{rowPath}.components", "an action row needs at least one component.");
            }

            var hasSelect = children.Any(c => c.Type != ComponentType.Button);
            if (hasSelect && children.Count > 1)
            {
                throw new DiscordPayloadException($"{rowPath}.components", "a select menu must be alone in its action row.");
            }

            PayloadValidator.Max(children.Count, DiscordLimits.ButtonsPerRow, $"{rowPath}.components", "buttons");
            for (var c = 0; c < children.Count; c++)
            {
                ValidateChild(children[c], $"{rowPath}.components[{c}]", customIds);
            }
        }
    }

    private static void ValidateChild(MessageComponent component, string path, HashSet<string> customIds)
    {
        PayloadValidator.Length(component.Label, 0, DiscordLimits.ButtonLabel, $"{path}.label");
        if (component.Type == ComponentType.Button && component.Style == ButtonStyle.Link)
        {
            if (string.IsNullOrEmpty(component.Url) || component.CustomId is not null)
            {
                throw new DiscordPayloadException($"{path}.url", "a link button needs a url and no custom_id.");
            }

            return;
        }

        if (string.IsNullOrEmpty(component.CustomId))
        {
            throw new DiscordPayloadException($"{path}.custom_id", $"required, 1 to {DiscordLimits.CustomId} characters.");
        }

        PayloadValidator.Length(component.CustomId, 1, DiscordLimits.CustomId, $"{path}.custom_id");
        if (!customIds.Add(component.CustomId))
        {
            throw new DiscordPayloadException($"{path}.custom_id", $"\"{component.CustomId}\" is used twice in one message.");
        }

        if (component.Type == ComponentType.StringSelect)
        {
            var options = component.Options ?? [];
            if (options.Count == 0)
            {
                throw new DiscordPayloadException($"{path}.options", "a select menu needs at least one option.");
            }

            PayloadValidator.Max(options.Count, DiscordLimits.SelectOptions, $"{path}.options", "options");
            PayloadValidator.Length(component.Placeholder, 0, DiscordLimits.SelectPlaceholder, $"{path}.placeholder");
            for (var i = 0; i < options.Count; i++)
            {
                PayloadValidator.Length(options[i].Label, 1, DiscordLimits.SelectOptionText, $"{path}.options[{i}].label");
                PayloadValidator.Length(options[i].Value, 1, DiscordLimits.SelectOptionText, $"{path}.options[{i}].value");
                PayloadValidator.Length(options[i].Description, 0, DiscordLimits.SelectOptionText, $"{path}.options[{i}].description");
            }
        }
    }
}
