using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// Where answers to an interaction go: Discord (<see cref="DiscordInteractionResponder"/>) or the local shell,
/// which renders them as text. Handlers never call this directly; <see cref="InteractionContext"/> does, after
/// fitting every payload to Discord's limits and setting allowed_mentions to none. The shell calls
/// <see cref="InteractionDispatcher.DispatchAsync"/> with an <see cref="Interaction"/> built from typed text and
/// its own responder.
/// </summary>
public interface IInteractionResponder
{
    /// <summary>False when files cannot be attached; the context then inlines them as text.</summary>
    bool SupportsFiles { get; }

    /// <summary>Where a command posts besides its answer (announcements, threads): Discord's channels, or the shell's screen.</summary>
    IChannelMessenger Channels { get; }

    /// <summary>The initial response (callback types 4 to 8), exactly once per interaction.</summary>
    Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken);

    /// <summary>
    /// The initial response as a new message (callback type 4), and the id of the message it became, which later
    /// reactions and edits refer to; null when that is not known.
    /// </summary>
    Task<ulong?> CallbackAsMessageAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken);

    /// <summary>Edits the original response (after a deferral, or the component's message after type 6/7).</summary>
    Task<Message?> EditOriginalAsync(Interaction interaction, MessageEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken);

    Task DeleteOriginalAsync(Interaction interaction, CancellationToken cancellationToken);

    Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken);
}
