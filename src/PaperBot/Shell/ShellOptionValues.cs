using System.Globalization;
using System.Text.Json;
using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>Converts typed text to an option's JSON value, enforcing what Discord's client would: type, range, length, choices.</summary>
internal static class ShellOptionValues
{
    public static JsonElement? Convert(ApplicationCommandOption option, string raw, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(option);
        problem = null;
        if (option.Choices is { Count: > 0 } choices)
        {
            var choice = choices.FirstOrDefault(c =>
                string.Equals(c.Name, raw, StringComparison.OrdinalIgnoreCase)
                || string.Equals(ChoiceText(c.Value), raw, StringComparison.OrdinalIgnoreCase));
            if (choice is null)
            {
                problem = $"`{option.Name}` must be one of: {string.Join(", ", choices.Select(c => c.Name))}.";
                return null;
            }

            return choice.Value.Clone();
        }

        switch (option.Type)
        {
            case ApplicationCommandOptionType.String:
                if (option.MaxLength is { } max && raw.Length > max)
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"`{option.Name}` is at most {max} characters.");
                    return null;
                }

                return JsonSerializer.SerializeToElement(raw, DiscordJsonContext.Default.String);
            case ApplicationCommandOptionType.Integer:
                if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
                {
                    problem = $"`{option.Name}` must be a whole number{Range(option)}, not `{raw}`.";
                    return null;
                }

                return InRange(option, whole, out problem) ? JsonSerializer.SerializeToElement(whole, DiscordJsonContext.Default.Int64) : null;
            case ApplicationCommandOptionType.Number:
                if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
                {
                    problem = $"`{option.Name}` must be a number{Range(option)}, not `{raw}`.";
                    return null;
                }

                return InRange(option, number, out problem) ? JsonSerializer.SerializeToElement(number, DiscordJsonContext.Default.Double) : null;
            case ApplicationCommandOptionType.Boolean:
                bool? flag = raw.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "1" => true,
                    "false" or "no" or "off" or "0" => false,
                    _ => null,
                };
                if (flag is not { } b)
                {
                    problem = $"`{option.Name}` must be true or false, not `{raw}`.";
                    return null;
                }

                using (var document = JsonDocument.Parse(b ? "true" : "false"))
                {
                    return document.RootElement.Clone();
                }

            case ApplicationCommandOptionType.User:
                // Discord's client sends the picked member's id; the shell takes a mention, an id, or `me`.
                var who = raw.Trim().TrimStart('<').TrimEnd('>').TrimStart('@').TrimStart('!');
                ulong? user = who.ToLowerInvariant() is "me" or "myself"
                    ? ShellIdentity.UserId
                    : ulong.TryParse(who, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
                if (user is not { } userId)
                {
                    problem = $"`{option.Name}` is a user: write `@me` or a user id (e.g. `<@123456789012345678>`), not `{raw}`.";
                    return null;
                }

                return JsonSerializer.SerializeToElement(userId.ToString(CultureInfo.InvariantCulture), DiscordJsonContext.Default.String);
            default:
                problem = $"`{option.Name}` cannot be given in the shell.";
                return null;
        }
    }

    private static string ChoiceText(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static bool InRange(ApplicationCommandOption option, double value, out string? problem)
    {
        problem = null;
        if ((option.MinValue is { } min && value < min) || (option.MaxValue is { } max && value > max))
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"`{option.Name}` must be{Range(option)}; you gave {value}.");
            return false;
        }

        return true;
    }

    private static string Range(ApplicationCommandOption option) => (option.MinValue, option.MaxValue) switch
    {
        ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $" between {min} and {max}"),
        ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $" of at least {min}"),
        (null, { } max) => string.Create(CultureInfo.InvariantCulture, $" of at most {max}"),
        _ => "",
    };
}
