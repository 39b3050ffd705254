using System.Collections.Concurrent;
using PaperBot.Discord.Models;
using PaperBot.Interactions;

namespace PaperBot.Shell;

/// <summary>
/// What a command posts in the channel or a thread, shown as text: the shell has one local channel, so an
/// announcement prints under "Posted in the channel" and a thread's messages under its name.
/// </summary>
internal sealed class ShellChannelMessenger(TextWriter output, Func<ulong> nextId) : IChannelMessenger
{
    private readonly ConcurrentDictionary<ulong, string> _threads = new();

    public async Task<Message> PostAsync(ulong channelId, MessageCreate message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ChannelMentions.Check(message);
        var posted = new Message
        {
            Id = nextId(),
            ChannelId = channelId,
            GuildId = ShellIdentity.GuildId,
            Author = ShellIdentity.Bot,
            Content = message.Content,
            Embeds = message.Embeds,
            Components = message.Components,
        };
        var where = _threads.TryGetValue(channelId, out var name) ? $"🧵 In the thread “{name}”:" : "📣 Posted in the channel:";
        await WriteAsync($"{where}\n{ShellRenderer.Render(posted, updated: false)}", cancellationToken).ConfigureAwait(false);
        return posted;
    }

    public async Task<Channel> StartThreadAsync(ulong channelId, ulong messageId, StartThreadFromMessage thread, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(thread);
        _threads[messageId] = thread.Name;
        await WriteAsync($"🧵 Opened the thread “{thread.Name}” on that message.\n", cancellationToken).ConfigureAwait(false);
        return new Channel { Id = messageId, Type = ChannelType.PublicThread, GuildId = ShellIdentity.GuildId, ParentId = channelId, Name = thread.Name };
    }

    public async Task ArchiveThreadAsync(ulong threadId, CancellationToken cancellationToken)
    {
        var name = _threads.TryGetValue(threadId, out var known) ? $"“{known}”" : "of that session";
        await WriteAsync($"🧵 Archived the thread {name}.\n", cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
