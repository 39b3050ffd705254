using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Fits a reply to Discord's documented limits by construction: texts are cut with an ellipsis, lists are
/// capped, and a component Discord would refuse (a custom_id over 100 characters) is dropped rather than
/// letting the whole answer fail.
/// </summary>
internal static class ReplyLimits
{
    public static string FitContent(string? content) => DiscordText.Truncate(content, DiscordLimits.MessageContent);

    public static IReadOnlyList<Embed> FitEmbeds(IReadOnlyList<Embed> embeds)
    {
        var fitted = new List<Embed>();
        var budget = DiscordLimits.EmbedTotalText;
        foreach (var embed in embeds.Take(DiscordLimits.EmbedsPerMessage))
        {
            var e = FitEmbed(embed, budget);
            budget -= TextLength(e);
            fitted.Add(e);
            if (budget <= 0)
            {
                break;
            }
        }

        return fitted;
    }

    public static IReadOnlyList<MessageComponent> FitComponents(IReadOnlyList<MessageComponent> rows)
    {
        var fitted = new List<MessageComponent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows.Take(DiscordLimits.ActionRows))
        {
            var children = (row.Components ?? [])
                .Select(c => FitComponent(c, seen))
                .OfType<MessageComponent>()
                .Take(DiscordLimits.ButtonsPerRow)
                .ToList();
            if (children.Count == 0)
            {
                continue;
            }

            if (children.Any(c => c.Type != ComponentType.Button))
            {
                children = [children.First(c => c.Type != ComponentType.Button)];
            }

            fitted.Add(row with { Type = ComponentType.ActionRow, Components = children });
        }

        return fitted;
    }

    public static IReadOnlyList<ApplicationCommandOptionChoice> FitChoices(IEnumerable<ApplicationCommandOptionChoice> choices) =>
        [.. choices
            .Where(c => c.Value.ValueKind != System.Text.Json.JsonValueKind.String || (c.Value.GetString()?.Length ?? 0) <= DiscordLimits.ChoiceStringValue)
            .Select(c => c with { Name = NonEmpty(DiscordText.Truncate(c.Name, DiscordLimits.ChoiceName)) })
            .Take(DiscordLimits.AutocompleteChoices)];

    private static MessageComponent? FitComponent(MessageComponent component, HashSet<string> seen)
    {
        if (component.CustomId is { } id && (id.Length is 0 or > DiscordLimits.CustomId || !seen.Add(id)))
        {
            return null;
        }

        var fitted = component with
        {
            Label = component.Label is null ? null : DiscordText.Truncate(component.Label, DiscordLimits.ButtonLabel),
            Placeholder = component.Placeholder is null ? null : DiscordText.Truncate(component.Placeholder, DiscordLimits.SelectPlaceholder),
        };
        if (component.Options is { } options)
        {
            var fittedOptions = options
                .Where(o => o.Value.Length is > 0 and <= DiscordLimits.SelectOptionText)
                .Select(o => o with
                {
                    Label = NonEmpty(DiscordText.Truncate(o.Label, DiscordLimits.SelectOptionText)),
                    Description = o.Description is null ? null : DiscordText.Truncate(o.Description, DiscordLimits.SelectOptionText),
                })
                .Take(DiscordLimits.SelectOptions)
                .ToList();
            if (fittedOptions.Count == 0)
            {
                return null;
            }

            fitted = fitted with { Options = fittedOptions, MaxValues = component.MaxValues is { } max ? Math.Min(max, fittedOptions.Count) : null };
        }

        return fitted;
    }

    private static Embed FitEmbed(Embed embed, int budget)
    {
        var fields = (embed.Fields ?? [])
            .Take(DiscordLimits.EmbedFields)
            .Select(f => new EmbedField
            {
                Name = NonEmpty(DiscordText.Truncate(f.Name, DiscordLimits.EmbedFieldName)),
                Value = NonEmpty(DiscordText.Truncate(f.Value, DiscordLimits.EmbedFieldValue)),
                Inline = f.Inline,
            })
            .ToList();
        var fitted = embed with
        {
            Title = embed.Title is null ? null : DiscordText.Truncate(embed.Title, DiscordLimits.EmbedTitle),
            Description = embed.Description is null ? null : DiscordText.Truncate(embed.Description, DiscordLimits.EmbedDescription),
            Footer = embed.Footer is null ? null : embed.Footer with { Text = DiscordText.Truncate(embed.Footer.Text, DiscordLimits.EmbedFooterText) },
            Author = embed.Author is null ? null : embed.Author with { Name = DiscordText.Truncate(embed.Author.Name, DiscordLimits.EmbedAuthorName) },
            Fields = embed.Fields is null ? null : fields,
        };

        // Over the shared 6000-character budget: drop trailing fields, then shorten the description.
        while (TextLength(fitted) > budget && fitted.Fields is { Count: > 0 } current)
        {
            fitted = fitted with { Fields = current.Take(current.Count - 1).ToList() };
        }

        var excess = TextLength(fitted) - budget;
        if (excess > 0 && fitted.Description is { } description)
        {
            fitted = fitted with { Description = DiscordText.Truncate(description, Math.Max(0, description.Length - excess)) };
        }

        return fitted;
    }

    private static int TextLength(Embed e) =>
        (e.Title?.Length ?? 0) + (e.Description?.Length ?? 0) + (e.Footer?.Text.Length ?? 0) + (e.Author?.Name.Length ?? 0)
        + (e.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);

    private static string NonEmpty(string text) => string.IsNullOrWhiteSpace(text) ? "-" : text;
}
