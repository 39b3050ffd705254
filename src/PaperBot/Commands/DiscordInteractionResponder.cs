using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Commands;

/// <summary>Answers through Discord's REST API: the interaction callback, the @original webhook message and followups.</summary>
public sealed class DiscordInteractionResponder(DiscordRestClient rest) : IInteractionResponder
{
    // Files go up as attachments (multipart) on the callback, @original edits and followups.
    public bool SupportsFiles => true;

    public Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, files, cancellationToken);
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

    public async Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, message, files, cancellationToken).ConfigureAwait(false);
    }
}
