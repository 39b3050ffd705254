using Microsoft.Extensions.Logging;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Interactions;

/// <summary>Answers through Discord's REST API: the interaction callback, the @original webhook message and followups.</summary>
public sealed partial class DiscordInteractionResponder(DiscordRestClient rest, ILogger<DiscordInteractionResponder> logger) : IInteractionResponder
{
    // Files go up as attachments (multipart) on the callback, @original edits and followups.
    public bool SupportsFiles => true;

    public IChannelMessenger Channels { get; } = new DiscordChannelMessenger(rest);

    public Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, files, cancellationToken);
    }

    /// <summary>
    /// One request: the callback with <c>?with_response=true</c>, whose answer names the message. When Discord does
    /// not say (see <see cref="DiscordRestClient.CreateInteractionResponseWithResponseAsync"/>), the message is read
    /// back (GET @original); when that fails too, the answer stands and its id is unknown.
    /// </summary>
    public async Task<ulong?> CallbackAsMessageAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var answer = await rest.CreateInteractionResponseWithResponseAsync(interaction.Id, interaction.Token, response, files, cancellationToken).ConfigureAwait(false);
        if (answer?.MessageId is { } id)
        {
            return id;
        }

        try
        {
            return (await rest.GetOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (DiscordHttpException ex)
        {
            Log.OriginalUnknown(logger, interaction.Id, ex.Message);
            return null;
        }
    }

    public async Task<Message?> EditOriginalAsync(Interaction interaction, MessageEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, edit, files, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteOriginalAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken);
    }

    /// <summary>
    /// A followup, or null when its answer was lost: Discord most likely posted it, and sending it again could
    /// post it twice, so the interaction carries on as if it went out.
    /// </summary>
    public async Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        try
        {
            return await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, message, files, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordHttpException ex) when (ex.OutcomeUnknown)
        {
            Log.FollowupOutcomeUnknown(logger, interaction.Id, ex.Message);
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Followup to interaction {InteractionId} may or may not have been posted ({Reason}); not sent again")]
        public static partial void FollowupOutcomeUnknown(ILogger logger, ulong interactionId, string reason);

        [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Answered interaction {InteractionId}, but Discord did not say which message the answer became ({Reason}); reactions to it are not tied to its papers")]
        public static partial void OriginalUnknown(ILogger logger, ulong interactionId, string reason);
    }
}
