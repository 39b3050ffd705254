using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Commands;

/// <summary>Answers through Discord's REST API: the interaction callback, the @original webhook message and followups.</summary>
public sealed class DiscordInteractionResponder(DiscordRestClient rest) : IInteractionResponder
{
    // The REST client sends files only with channel messages; interaction answers inline them instead.
    public bool SupportsFiles => false;

    public Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, response, cancellationToken);
    }

    public async Task<Message?> EditOriginalAsync(Interaction interaction, MessageEdit edit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return await rest.EditOriginalResponseAsync(interaction.ApplicationId, interaction.Token, edit, cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteOriginalAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return rest.DeleteOriginalResponseAsync(interaction.ApplicationId, interaction.Token, cancellationToken);
    }

    public async Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return await rest.CreateFollowupAsync(interaction.ApplicationId, interaction.Token, message, cancellationToken).ConfigureAwait(false);
    }
}
