using PaperBot.Chat;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Interactions;
using PaperBot.Memory;
using PaperBot.Papers;

namespace PaperBot.Lookup;

public sealed partial class PaperCommandModule
{
    private const int DiscussedCount = 10;

    /// <summary>The card with an "In this server" field when this server remembers the paper (never another server's memory).</summary>
    private async Task<InteractionReply> WithServerMemoryAsync(InteractionContext context, Paper paper, InteractionReply reply, CancellationToken cancellationToken)
    {
        if (context.GuildId is not { } guild || reply.Embeds.Count == 0)
        {
            return reply;
        }

        var remembered = await memory.ForPaperAsync(guild, paper.Id, cancellationToken).ConfigureAwait(false);
        if (PaperMemoryCommands.Describe(remembered) is not { } text)
        {
            return reply;
        }

        var card = reply.Embeds[0];
        var field = new EmbedField { Name = "In this server", Value = DiscordText.Truncate(text, DiscordLimits.EmbedFieldValue) };
        return reply with { Embeds = [card with { Fields = [.. card.Fields ?? [], field] }, .. reply.Embeds.Skip(1)] };
    }

    private async Task RememberCardAsync(InteractionContext context, Paper paper, ulong messageId, CancellationToken cancellationToken)
    {
        if (context.GuildId is { } guild)
        {
            await memory.RecordAsync(
                new MemoryEvent { GuildId = guild, ChannelId = context.ChannelId, PaperId = paper.Id, Kind = MemoryKinds.Card, MessageId = messageId, UserId = context.UserId },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The papers a public search answer showed (its save menu lists them) are remembered as searched into that
    /// message; only the first page, as paging edits the same message.
    /// </summary>
    private async Task RememberSearchAsync(InteractionContext context, InteractionReply reply, ulong? messageId, CancellationToken cancellationToken)
    {
        if (context.GuildId is not { } guild || messageId is not { } id)
        {
            return;
        }

        var shown = reply.Components.SelectMany(r => r.Components ?? [])
            .FirstOrDefault(c => c.CustomId == PaperReplies.SavePrefix)?.Options ?? [];
        await memory.RecordManyAsync(
            [.. shown.Select(o => new MemoryEvent { GuildId = guild, ChannelId = context.ChannelId, PaperId = o.Value, Kind = MemoryKinds.Searched, MessageId = id, UserId = context.UserId })],
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DiscussedAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (context.GuildId is not { } guild)
        {
            throw new CommandInputException("`/paper discussed` lists what a server talked about; run it in a server channel.");
        }

        var days = (int)context.GetInteger("days", 30, 1, 365);
        var channel = context.GetOption("channel")?.GetSnowflake();
        var since = timeProvider.GetUtcNow().AddDays(-days);
        var top = await memory.DiscussedAsync(guild, since, channel, DiscussedCount, cancellationToken).ConfigureAwait(false);
        var known = (await papers.GetManyAsync([.. top.Select(t => t.PaperId)], cancellationToken).ConfigureAwait(false))
            .ToDictionary(p => p.Id, StringComparer.Ordinal);
        var entries = top.Where(t => known.ContainsKey(t.PaperId))
            .Select((t, i) => new PaperListEntry(i + 1, known[t.PaperId], PaperMemoryCommands.Counts(t)))
            .ToList();
        var where = channel is { } c ? $" in <#{c}>" : "";
        if (entries.Count == 0)
        {
            await context.RespondAsync(
                InteractionReply.Private($"No paper was linked, carded, saved or posted{where} in the last {days} days that I know of. Link cards (`/paperbot links on`), **Paper cards** on a message, saves and digests all count."),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var heading = $"Most discussed in this server, last {days} days";
        var reply = PaperReplies.List(heading, entries, footer: channel is null ? "Links, cards, saves and digest posts in this server" : "Links, cards, saves and digest posts in one channel");
        if (channel is not null)
        {
            reply = reply with { Content = $"In <#{channel}>:" };
        }

        await PostListAsync(context, reply, PostedMessageKinds.SearchResults, cancellationToken).ConfigureAwait(false);
    }
}
