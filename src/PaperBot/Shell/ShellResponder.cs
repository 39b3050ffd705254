using PaperBot.Interactions;
using PaperBot.Discord.Models;

namespace PaperBot.Shell;

/// <summary>
/// Answers interactions by printing them. Keeps the messages it "sent" so an edit re-renders its message and
/// buttons can be pressed on the latest message that has some. A deferral ("thinking…") prints nothing: the
/// answer that replaces it does. Attached files are written to <see cref="ShellSettings.FilesFolder"/>.
/// </summary>
internal sealed class ShellResponder(TextWriter output, string filesFolder) : IInteractionResponder
{
    /// <summary>While set, autocomplete answers are collected here instead of printed (Tab completion).</summary>
    public List<string>? SuggestionSink { get; set; }

    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, Message> _messages = [];
    private readonly HashSet<ulong> _placeholders = [];
    private readonly Dictionary<ulong, ulong> _originals = [];
    private ulong _nextId = 800_000_000_000_000_000;
    private ShellChannelMessenger? _channels;

    public bool SupportsFiles => true;

    public IChannelMessenger Channels => _channels ??= new ShellChannelMessenger(output, NextId);

    /// <summary>The latest message with buttons or a menu: what <c>next</c>, <c>2</c> or <c>save 3</c> act on.</summary>
    public Message? ActiveMessage { get; private set; }

    public ulong NextId()
    {
        lock (_lock)
        {
            return ++_nextId;
        }
    }

    public async Task<ulong?> CallbackAsMessageAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        await CallbackAsync(interaction, response, files, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            return _originals.TryGetValue(interaction.Id, out var id) ? id : null;
        }
    }

    public async Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(files);
        switch (response.Type)
        {
            case InteractionCallbackType.ChannelMessageWithSource:
                var created = Store(NewMessage(response.Data), interaction.Id);
                await PrintAsync(created, updated: false, files, cancellationToken).ConfigureAwait(false);
                break;
            case InteractionCallbackType.DeferredChannelMessageWithSource:
                var placeholder = Store(NewMessage(new() { Flags = response.Data?.Flags }), interaction.Id);
                lock (_lock)
                {
                    _placeholders.Add(placeholder.Id);
                }

                break;
            case InteractionCallbackType.DeferredUpdateMessage when interaction.Message is { } source:
                lock (_lock)
                {
                    _originals[interaction.Id] = source.Id;
                }

                break;
            case InteractionCallbackType.UpdateMessage when interaction.Message is { } source:
                var updated = Store(source with { Content = response.Data?.Content, Embeds = response.Data?.Embeds, Components = response.Data?.Components }, interaction.Id);
                await PrintAsync(updated, updated: true, files, cancellationToken).ConfigureAwait(false);
                break;
            case InteractionCallbackType.Modal:
                await output.WriteLineAsync("This needs a form, which the shell cannot show; please use Discord for it.".AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionCallbackType.ApplicationCommandAutocompleteResult when SuggestionSink is { } sink:
                // Tab completion: the values, not a printed list.
                sink.AddRange((response.Data?.Choices ?? []).Select(c => c.Value.ValueKind == System.Text.Json.JsonValueKind.String ? c.Value.GetString() ?? "" : c.Value.GetRawText()));
                break;
            case InteractionCallbackType.ApplicationCommandAutocompleteResult:
                await PrintSuggestionsAsync(response.Data?.Choices ?? [], cancellationToken).ConfigureAwait(false);
                break;
            default:
                // A pong has nothing to show in the shell.
                break;
        }
    }

    public async Task<Message?> EditOriginalAsync(Interaction interaction, MessageEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(edit);
        Message original;
        bool wasPlaceholder;
        lock (_lock)
        {
            if (!_originals.TryGetValue(interaction.Id, out var id) || !_messages.TryGetValue(id, out var found))
            {
                return null;
            }

            original = found;
            wasPlaceholder = _placeholders.Remove(id);
        }

        var edited = Store(
            original with
            {
                Content = edit.Content ?? original.Content,
                Embeds = edit.Embeds ?? original.Embeds,
                Components = edit.Components ?? original.Components,
            },
            interaction.Id);
        await PrintAsync(edited, updated: !wasPlaceholder, files, cancellationToken).ConfigureAwait(false);
        return edited;
    }

    public Task DeleteOriginalAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        lock (_lock)
        {
            if (_originals.TryGetValue(interaction.Id, out var id))
            {
                _messages.Remove(id);
                _placeholders.Remove(id);
                if (ActiveMessage?.Id == id)
                {
                    ActiveMessage = null;
                }
            }
        }

        return Task.CompletedTask;
    }

    public async Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        var created = NewMessage(new() { Content = message.Content, Embeds = message.Embeds, Components = message.Components, Flags = message.Flags });
        lock (_lock)
        {
            _messages[created.Id] = created;
            Activate(created);
        }

        await PrintAsync(created, updated: false, files, cancellationToken).ConfigureAwait(false);
        return created;
    }

    private Message NewMessage(InteractionCallbackData? data) => new()
    {
        Id = NextId(),
        ChannelId = ShellIdentity.ChannelId,
        GuildId = ShellIdentity.GuildId,
        Author = ShellIdentity.Bot,
        Content = data?.Content,
        Embeds = data?.Embeds,
        Components = data?.Components,
        Flags = data?.Flags,
    };

    private Message Store(Message message, ulong interactionId)
    {
        lock (_lock)
        {
            _messages[message.Id] = message;
            _originals[interactionId] = message.Id;
            Activate(message);
        }

        return message;
    }

    private void Activate(Message message)
    {
        if (ShellRenderer.PressableButtons(message).Count > 0 || ShellRenderer.FirstSelect(message) is not null)
        {
            ActiveMessage = message;
        }
        else if (ActiveMessage?.Id == message.Id)
        {
            ActiveMessage = null;
        }
    }

    private async Task PrintSuggestionsAsync(IReadOnlyList<ApplicationCommandOptionChoice> choices, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder(choices.Count == 0 ? "No suggestions." : "Suggestions:");
        for (var i = 0; i < choices.Count; i++)
        {
            var value = choices[i].Value.ValueKind == System.Text.Json.JsonValueKind.String ? choices[i].Value.GetString() : choices[i].Value.GetRawText();
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  {i + 1}. {choices[i].Name}");
            if (value != choices[i].Name)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  →  {value}");
            }
        }

        await WriteBlockAsync(text.Append('\n').ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task PrintAsync(Message message, bool updated, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        var text = ShellRenderer.Render(message, updated);
        foreach (var file in files)
        {
            var path = await SaveAsync(file, cancellationToken).ConfigureAwait(false);
            text += $"File saved: {path} ({file.Content.Length} bytes)\n";
        }

        await WriteBlockAsync(text, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A printed answer: its text (ending in a newline, so a blank line follows), flushed at once.</summary>
    private async Task WriteBlockAsync(string text, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the file under its own name, adding -1, -2… rather than overwriting an earlier one.</summary>
    private async Task<string> SaveAsync(DiscordFile file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(filesFolder);
        var name = Path.GetFileName(file.FileName);
        if (name.Length == 0)
        {
            name = "attachment";
        }

        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        var path = Path.Combine(filesFolder, name);
        for (var n = 1; File.Exists(path); n++)
        {
            path = Path.Combine(filesFolder, $"{stem}-{n}{extension}");
        }

        await File.WriteAllBytesAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
