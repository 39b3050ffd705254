using System.Text.Json;
using PaperBot.Interactions;
using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// One line at a time: shell words (<c>help</c>, <c>quit</c>), slash commands, and presses of the active
/// message's buttons and menu, each turned into the interaction Discord would send and dispatched.
/// </summary>
internal sealed class ShellSession(InteractionDispatcher dispatcher, ShellResponder responder, TextWriter output)
{
    public const string DigestNowAnswer =
        "Posting a digest needs the bot running on Discord (with a token); the shell cannot post to a channel. `/digest preview` shows what it would post.";

    private const string SuggestWord = "suggest";

    private readonly ShellCommandParser _parser = new(dispatcher.Catalog.Definitions);

    /// <summary>False when the user asked to leave.</summary>
    public async Task<bool> HandleAsync(string line, CancellationToken cancellationToken)
    {
        var text = line.Trim();
        switch (text.ToLowerInvariant())
        {
            case "":
                return true;
            case "quit" or "exit" or "/quit" or "/exit":
                return false;
            case "help" or "?":
                await SayAsync(ShellHelp.Text(), cancellationToken).ConfigureAwait(false);
                return true;
        }

        if (text.StartsWith('/'))
        {
            await RunCommandAsync(text, cancellationToken).ConfigureAwait(false);
        }
        else if (_parser.FindMessageCommand(text) is { } messageCommand)
        {
            await RunMessageCommandAsync(messageCommand.Command, messageCommand.Text, cancellationToken).ConfigureAwait(false);
        }
        else if (text.StartsWith(SuggestWord, StringComparison.OrdinalIgnoreCase) && text.Length > SuggestWord.Length
            && char.IsWhiteSpace(text[SuggestWord.Length]))
        {
            await SuggestAsync(text[SuggestWord.Length..].Trim(), cancellationToken).ConfigureAwait(false);
        }
        else if (FindPress(text, out var problem) is { } press)
        {
            await DispatchAsync(InteractionType.MessageComponent, press, responder.ActiveMessage, cancellationToken).ConfigureAwait(false);
        }
        else if (_parser.StartsWithCommand(text))
        {
            // `search speculative decoding` is what people type in a terminal; a button's label still wins above.
            await RunCommandAsync(text, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SayAsync(problem ?? $"I don't understand `{text}`. Commands look like `/search speculative decoding` (the slash may be left out); `help` shows how to use the shell.", cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    private async Task RunCommandAsync(string text, CancellationToken cancellationToken)
    {
        var command = _parser.Parse(text);
        if (command.Data is not { } data)
        {
            await SayAsync(command.Error ?? "That command could not be read.", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (data.Name == "digest" && command.Resolve().Subcommand == "now")
        {
            // DigestSubscriptionService.NowAsync plans a batch for the poster, which only runs with the bot on Discord:
            // in the shell its "Posting now" would be untrue.
            await SayAsync($"{ShellRenderer.EphemeralMark}\n{DigestNowAnswer}", cancellationToken).ConfigureAwait(false);
            return;
        }

        var json = JsonSerializer.SerializeToElement(data, DiscordJsonContext.Default.ApplicationCommandInteractionData);
        await DispatchAsync(InteractionType.ApplicationCommand, json, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>card &lt;text&gt;</c>: the message command as Discord sends it, on a message of the local user that
    /// says <paramref name="text"/> (type 3 data with the message in <c>resolved.messages</c>).
    /// </summary>
    private async Task RunMessageCommandAsync(string command, string text, CancellationToken cancellationToken)
    {
        if (text.Length == 0)
        {
            var word = ShellCommandParser.MessageCommandAliases.First(a => a.Command == command).Word;
            await SayAsync($"Type the message after `{word}`, e.g. `{word} have you seen https://arxiv.org/abs/2410.03355?`", cancellationToken).ConfigureAwait(false);
            return;
        }

        var messageId = responder.NextId();
        var message = new Message
        {
            Id = messageId,
            ChannelId = ShellIdentity.ChannelId,
            GuildId = ShellIdentity.GuildId,
            Author = ShellIdentity.User,
            Content = text,
        };
        var data = new ApplicationCommandInteractionData
        {
            Name = command,
            Type = ApplicationCommandType.Message,
            TargetId = messageId,
            Resolved = new ResolvedData { Messages = new Dictionary<string, Message> { [messageId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = message } },
        };
        var json = JsonSerializer.SerializeToElement(data, DiscordJsonContext.Default.ApplicationCommandInteractionData);
        await DispatchAsync(InteractionType.ApplicationCommand, json, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>suggest /search specul</c>: what Discord's client would offer while the user types into the last
    /// option given that has suggestions (an autocomplete interaction with that option focused).
    /// </summary>
    private async Task SuggestAsync(string partial, CancellationToken cancellationToken)
    {
        var command = _parser.Parse(partial);
        if (command.Data is not { } data)
        {
            await SayAsync(command.Error ?? "That command could not be read.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var definitions = command.OptionDefinitions;
        var focused = data.Resolve().Options.LastOrDefault(o => definitions.FirstOrDefault(d => d.Name == o.Name)?.Autocomplete == true);
        if (focused is null)
        {
            var names = definitions.Where(d => d.Autocomplete == true).Select(d => $"`{d.Name}:`").ToList();
            var path = command.Path;
            await SayAsync(names.Count == 0
                ? $"`/{path}` has no option with suggestions."
                : $"Type part of {string.Join(" or ", names)} after `/{path}`, e.g. `suggest /{path} {names[0].Trim('`')} spec`.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var json = JsonSerializer.SerializeToElement(WithFocus(data, focused), DiscordJsonContext.Default.ApplicationCommandInteractionData);
        await DispatchAsync(InteractionType.ApplicationCommandAutocomplete, json, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The values <c>suggest</c> would list for <paramref name="partial"/> (Tab completion); nothing printed.</summary>
    public async Task<IReadOnlyList<string>> SuggestionValuesAsync(string partial, CancellationToken cancellationToken)
    {
        var text = partial.Trim();
        if (text.StartsWith(SuggestWord + " ", StringComparison.OrdinalIgnoreCase))
        {
            text = text[SuggestWord.Length..].Trim();
        }

        var command = _parser.Parse(text);
        var definitions = command.OptionDefinitions;
        var focused = command.Data?.Resolve().Options.LastOrDefault(o => definitions.FirstOrDefault(d => d.Name == o.Name)?.Autocomplete == true);
        if (command.Data is not { } data || focused is null)
        {
            return [];
        }

        var values = new List<string>();
        responder.SuggestionSink = values;
        try
        {
            var json = JsonSerializer.SerializeToElement(WithFocus(data, focused), DiscordJsonContext.Default.ApplicationCommandInteractionData);
            await DispatchAsync(InteractionType.ApplicationCommandAutocomplete, json, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            responder.SuggestionSink = null;
        }

        return values;
    }

    /// <summary>Tab completion over this session's commands and suggestions.</summary>
    public ShellCompleter Completer() => new(dispatcher.Catalog.Definitions, SuggestionValuesAsync);

    private static ApplicationCommandInteractionData WithFocus(ApplicationCommandInteractionData data, ApplicationCommandInteractionDataOption focused)
    {
        IReadOnlyList<ApplicationCommandInteractionDataOption>? Mark(IReadOnlyList<ApplicationCommandInteractionDataOption>? options) =>
            options?.Select(o => ReferenceEquals(o, focused) ? o with { Focused = true } : o with { Options = Mark(o.Options) }).ToList();

        return data with { Options = Mark(data.Options) };
    }

    /// <summary>The component data for a press of the active message's button or menu; null with a reason when there is none.</summary>
    private JsonElement? FindPress(string text, out string? problem)
    {
        problem = null;
        var message = responder.ActiveMessage;
        var buttons = ShellRenderer.PressableButtons(message);
        MessageComponent? button = null;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (number < 1 || number > buttons.Count)
            {
                problem = buttons.Count == 0
                    ? "There is no button to press: run a command first, e.g. `/search speculative decoding`."
                    : $"There is no button [{number}]; the buttons are numbered 1 to {buttons.Count}.";
                return null;
            }

            button = buttons[number - 1];
        }
        else
        {
            var wanted = Normalize(text);
            button = buttons.FirstOrDefault(b => wanted.Length > 0 && Normalize(b.Label) == wanted);
        }

        if (button is not null)
        {
            if (button.Disabled == true)
            {
                problem = $"The `{button.Label}` button is off right now.";
                return null;
            }

            return Serialize(new MessageComponentInteractionData { CustomId = button.CustomId!, ComponentType = ComponentType.Button });
        }

        return FindSelection(text, ShellRenderer.FirstSelect(message), ref problem);
    }

    /// <summary><c>save 3</c> (or <c>pick 3</c>): the option numbered 3 in the active message's menu.</summary>
    private static JsonElement? FindSelection(string text, MessageComponent? select, ref string? problem)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts is not [var verb, var choice] || !(verb.Equals("save", StringComparison.OrdinalIgnoreCase) || verb.Equals("pick", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        if (select?.Options is not { Count: > 0 } options)
        {
            problem = "There is no menu to pick from: run e.g. `/search speculative decoding` first.";
            return null;
        }

        var picked = options
            .Select((o, i) => (Option: o, Number: ShellRenderer.SelectNumber(o, i + 1)))
            .FirstOrDefault(o => o.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) == choice
                || string.Equals(o.Option.Value, choice, StringComparison.OrdinalIgnoreCase));
        if (picked.Option is null)
        {
            problem = $"The menu has no `{choice}`; pick one of {ShellRenderer.SelectNumber(options[0], 1)}-{ShellRenderer.SelectNumber(options[^1], options.Count)}.";
            return null;
        }

        return Serialize(new MessageComponentInteractionData { CustomId = select.CustomId!, ComponentType = ComponentType.StringSelect, Values = [picked.Option.Value] });
    }

    private static JsonElement Serialize(MessageComponentInteractionData data) =>
        JsonSerializer.SerializeToElement(data, DiscordJsonContext.Default.MessageComponentInteractionData);

    /// <summary>"◀ Prev" and "prev" match: letters and digits only, case-insensitive.</summary>
    private static string Normalize(string? label) =>
        new string((label ?? "").Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    private async Task DispatchAsync(InteractionType type, JsonElement? data, Message? message, CancellationToken cancellationToken)
    {
        var interaction = new Interaction
        {
            Id = responder.NextId(),
            ApplicationId = ShellIdentity.ApplicationId,
            Type = type,
            Data = data,
            GuildId = ShellIdentity.GuildId,
            ChannelId = ShellIdentity.ChannelId,
            Channel = new Channel { Id = ShellIdentity.ChannelId, Type = ChannelType.GuildText, GuildId = ShellIdentity.GuildId },
            Member = ShellIdentity.Member,
            Token = "shell",
            Version = 1,
            Message = message,
            AppPermissions = ShellIdentity.AllPermissions,
            Locale = "en-US",
        };
        await dispatcher.DispatchAsync(interaction, responder, cancellationToken).ConfigureAwait(false);
    }

    private async Task SayAsync(string text, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(text.TrimEnd().AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(ReadOnlyMemory<char>.Empty, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
