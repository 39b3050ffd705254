using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

public sealed partial class InteractionContext
{
    /// <summary>
    /// Answers with a new message: the initial response, or after a deferral an edit of the deferred message
    /// (or an ephemeral followup when the deferral's visibility differs). Returns the message id when the
    /// responder knows it (after a deferral; <see cref="PostAsync"/> answers with the id in one request).
    /// </summary>
    public async Task<ulong?> RespondAsync(InteractionReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RespondCoreAsync(reply, askMessageId: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Answers with a public message and returns its id, which reactions to it refer to: as the initial response, in
    /// one request that asks Discord for the message it created; after a deferral, by the edit, which returns it.
    /// Null when Discord did not say. An ephemeral reply is answered as <see cref="RespondAsync"/> does.
    /// </summary>
    public async Task<ulong?> PostAsync(InteractionReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RespondCoreAsync(reply, askMessageId: !reply.Ephemeral, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>"Thinking…" (type 5); for a component, type 6 acknowledges without changing its message. No-op once answered.</summary>
    public async Task DeferAsync(bool ephemeral, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await DeferCoreAsync(ephemeral, update: false, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>For components: replaces the message the component is on (type 7, or an edit after a deferral).</summary>
    public async Task UpdateMessageAsync(InteractionReply reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (message, files) = Prepare(reply with { Ephemeral = false });
            if (_state == State.None && Interaction.Type == InteractionType.MessageComponent)
            {
                var response = InteractionResponse.UpdateMessage(message with { Flags = null });
                PayloadValidator.Validate(response);
                await _responder.CallbackAsync(Interaction, response, files, cancellationToken).ConfigureAwait(false);
                _state = State.Responded;
            }
            else if (_state == State.None)
            {
                await RespondCoreAsync(reply, askMessageId: false, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _responder.EditOriginalAsync(Interaction, ToEdit(message), files, cancellationToken).ConfigureAwait(false);
                _state = State.Responded;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Autocomplete suggestions; capped at 25, names cut to 100 characters, over-long values dropped.</summary>
    public async Task AutocompleteAsync(IEnumerable<ApplicationCommandOptionChoice> choices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choices);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != State.None)
            {
                return;
            }

            var response = InteractionResponse.Autocomplete(ReplyLimits.FitChoices(choices));
            PayloadValidator.Validate(response);
            await _responder.CallbackAsync(Interaction, response, [], cancellationToken).ConfigureAwait(false);
            _state = State.Responded;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called by the dispatcher when the handler is slow: keeps the interaction alive.</summary>
    internal async Task AutoDeferAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (Interaction.Type)
            {
                case InteractionType.ApplicationCommandAutocomplete when _state == State.None:
                    await _responder.CallbackAsync(Interaction, InteractionResponse.Autocomplete([]), [], cancellationToken).ConfigureAwait(false);
                    _state = State.Responded;
                    break;
                case InteractionType.MessageComponent:
                    await DeferCoreAsync(ephemeral: false, update: true, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await DeferCoreAsync(DeferEphemeral, update: false, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>After the handler: a deferral nobody followed up gets a closing line instead of "thinking…" forever.</summary>
    internal async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (_state is State.Responded or State.DeferredUpdate)
        {
            return;
        }

        await RespondAsync(InteractionReply.Private("Done."), cancellationToken).ConfigureAwait(false);
    }

    /// <param name="askMessageId">As the initial response, ask the responder for the id of the message it becomes.</param>
    private async Task<ulong?> RespondCoreAsync(InteractionReply reply, bool askMessageId, CancellationToken cancellationToken)
    {
        var (message, files) = Prepare(reply);
        switch (_state)
        {
            case State.None when Interaction.Type == InteractionType.ApplicationCommandAutocomplete:
                throw new InvalidOperationException("Autocomplete answers with AutocompleteAsync.");
            case State.None:
                var response = InteractionResponse.Message(message);
                PayloadValidator.Validate(response);
                ulong? created = null;
                if (askMessageId)
                {
                    created = await _responder.CallbackAsMessageAsync(Interaction, response, files, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _responder.CallbackAsync(Interaction, response, files, cancellationToken).ConfigureAwait(false);
                }

                _state = State.Responded;
                return created;
            case State.Deferred when _deferredEphemeral == reply.Ephemeral:
                var edited = await _responder.EditOriginalAsync(Interaction, ToEdit(message), files, cancellationToken).ConfigureAwait(false);
                _state = State.Responded;
                return edited?.Id;
            case State.Deferred:
                // The deferral's visibility cannot change: answer in a followup and remove the placeholder.
                var followup = await _responder.FollowupAsync(Interaction, ToCreate(message), files, cancellationToken).ConfigureAwait(false);
                await _responder.DeleteOriginalAsync(Interaction, cancellationToken).ConfigureAwait(false);
                _state = State.Responded;
                return followup?.Id;
            default:
                var sent = await _responder.FollowupAsync(Interaction, ToCreate(message), files, cancellationToken).ConfigureAwait(false);
                _state = State.Responded;
                return sent?.Id;
        }
    }

    private async Task DeferCoreAsync(bool ephemeral, bool update, CancellationToken cancellationToken)
    {
        if (_state != State.None || Interaction.Type == InteractionType.ApplicationCommandAutocomplete)
        {
            return;
        }

        if (update && Interaction.Type == InteractionType.MessageComponent)
        {
            await _responder.CallbackAsync(Interaction, InteractionResponse.DeferredUpdate(), [], cancellationToken).ConfigureAwait(false);
            _state = State.DeferredUpdate;
            return;
        }

        await _responder.CallbackAsync(Interaction, InteractionResponse.DeferredMessage(ephemeral), [], cancellationToken).ConfigureAwait(false);
        _deferredEphemeral = ephemeral;
        _state = State.Deferred;
    }

    private (InteractionCallbackData Message, IReadOnlyList<DiscordFile> Files) Prepare(InteractionReply reply)
    {
        var content = reply.Content;
        IReadOnlyList<DiscordFile> files = reply.Files;
        if (files.Count > 0 && !_responder.SupportsFiles)
        {
            content = string.Concat(content, InlineFiles(files));
            files = [];
        }

        var embeds = ReplyLimits.FitEmbeds(reply.Embeds);
        var components = ReplyLimits.FitComponents(reply.Components);
        content = ReplyLimits.FitContent(content);
        if (string.IsNullOrWhiteSpace(content) && embeds.Count == 0 && files.Count == 0)
        {
            content = "Done.";
        }

        var data = new InteractionCallbackData
        {
            Content = string.IsNullOrEmpty(content) ? null : content,
            Embeds = embeds.Count > 0 ? embeds : null,
            Components = components,
            Flags = reply.Ephemeral ? MessageFlags.Ephemeral : null,
            AllowedMentions = AllowedMentions.None,
        };
        return (data, files.Take(DiscordLimits.FilesPerMessage).ToList());
    }

    private static string InlineFiles(IReadOnlyList<DiscordFile> files)
    {
        var text = new System.Text.StringBuilder();
        foreach (var file in files)
        {
            var body = System.Text.Encoding.UTF8.GetString(file.Content.Span).Replace("```", "'''", StringComparison.Ordinal);
            text.Append("\n**").Append(DiscordMarkdown.Escape(file.FileName)).Append("**\n```\n")
                .Append(DiscordText.Truncate(body, 1500)).Append("\n```");
        }

        return text.ToString();
    }

    private static MessageEdit ToEdit(InteractionCallbackData data)
    {
        var edit = new MessageEdit
        {
            Content = data.Content ?? "",
            Embeds = data.Embeds ?? [],
            Components = data.Components ?? [],
            AllowedMentions = AllowedMentions.None,
        };
        PayloadValidator.Validate(edit);
        return edit;
    }

    private static MessageCreate ToCreate(InteractionCallbackData data)
    {
        var create = new MessageCreate
        {
            Content = data.Content,
            Embeds = data.Embeds,
            Components = data.Components is { Count: > 0 } c ? c : null,
            Flags = data.Flags,
            AllowedMentions = AllowedMentions.None,
        };
        PayloadValidator.Validate(create);
        return create;
    }
}
