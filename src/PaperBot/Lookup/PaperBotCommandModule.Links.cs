using PaperBot.Discord.Models;
using PaperBot.Interactions;

namespace PaperBot.Lookup;

public sealed partial class PaperBotCommandModule
{
    /// <summary><c>/paperbot links on|off</c>: link cards in this channel; explains the intents instead when they are missing.</summary>
    private async Task LinksAsync(InteractionContext context, bool on, CancellationToken cancellationToken)
    {
        if (context.GuildId is not { } guild)
        {
            throw new CommandInputException("Link cards are set per server channel; run `/paperbot links` in one.");
        }

        if (!context.MemberPermissions.Grants(Permissions.ManageChannels))
        {
            throw new CommandInputException("Turning link cards on or off needs the **Manage Channels** permission in this channel.");
        }

        var intents = discordOptions.Value.Intents;
        if (on && (intents & PaperMemoryCommands.LinkCardIntents) != PaperMemoryCommands.LinkCardIntents)
        {
            await context.RespondAsync(InteractionReply.Private(PaperMemoryCommands.MissingIntents(intents)), cancellationToken).ConfigureAwait(false);
            return;
        }

        string text;
        if (on)
        {
            text = await linkChannels.EnableAsync(guild, context.ChannelId, cancellationToken).ConfigureAwait(false)
                ? "Link cards are **on** in this channel: when a message links arXiv or Hugging Face papers, I answer it with one compact card (never for bots, and a paper at most once an hour here). Those papers go into this server's memory (`/paper discussed`). `/paperbot links off` stops it."
                : "Link cards were already on in this channel.";
        }
        else
        {
            text = await linkChannels.DisableAsync(context.ChannelId, cancellationToken).ConfigureAwait(false)
                ? "Link cards are **off** in this channel. The **Paper cards** and **Save papers** message commands still work on any message."
                : "Link cards were not on in this channel; nothing changed.";
        }

        await context.RespondAsync(InteractionReply.Private(text), cancellationToken).ConfigureAwait(false);
    }
}
