using Microsoft.Extensions.DependencyInjection;
using PaperBot.Digest;
using PaperBot.Discord.Models;
using PaperBot.Library;
using PaperBot.Tests.Digest;

namespace PaperBot.Tests.Library;

/// <summary>
/// A digest really posted through the fake Discord server, then reactions on the posted messages. The
/// reaction events are handed to <see cref="LibraryReactions"/> directly: the commands framework that routes
/// gateway reactions (IReactionHandler) was not there yet when this was written.
/// </summary>
public sealed class LibraryDigestReactionTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task OnAddAsync_SaveEmojiOnPostedDigestPaper_InLibraryOnceAndRemovable()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var host = await harness.StartHostAsync(configure: s => s.AddLibrary());
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(host, DigestHarness.Paper("2506.00001", "Speculative decoding & friends", 1));
        await DigestHarness.SubscribeAsync(host, harness.Manager(channel), new(Time: "23:00", TimeZone: "UTC"));
        await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<DigestSubscriptionService>().NowAsync(harness.Manager(channel), CancellationToken.None));
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count == 2);
        var header = harness.Messages(channel)[0];
        var post = harness.Messages(channel)[1];
        var bot = harness.Discord.BotUserId;
        MessageReactionAdd Add(ulong user, ulong message, string emoji) =>
            new() { UserId = user, ChannelId = channel, MessageId = message, GuildId = harness.GuildId, Emoji = Emoji.Unicode(emoji) };

        var outcomes = await DigestHarness.InScopeAsync(host, async sp =>
        {
            var reactions = sp.GetRequiredService<LibraryReactions>();
            return new[]
            {
                await reactions.OnAddAsync(Add(42, post.Id, "🔖"), bot, CancellationToken.None),
                await reactions.OnAddAsync(Add(42, post.Id, "🔖"), bot, CancellationToken.None),
                await reactions.OnAddAsync(Add(bot, post.Id, "🔖"), bot, CancellationToken.None),
                await reactions.OnAddAsync(Add(43, header.Id, "🔖"), bot, CancellationToken.None),
                await reactions.OnAddAsync(Add(43, post.Id + 1000, "🔖"), bot, CancellationToken.None),
            };
        });
        var list = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<LibraryService>().ListAsync(42, null, 1, CancellationToken.None));
        var removed = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<LibraryReactions>().OnRemoveAsync(
            new MessageReactionRemove { UserId = 42, ChannelId = channel, MessageId = post.Id, GuildId = harness.GuildId, Emoji = Emoji.Unicode("🔖") }, bot, CancellationToken.None));
        var after = await DigestHarness.InScopeAsync(host, sp => sp.GetRequiredService<LibraryService>().ListAsync(42, null, 1, CancellationToken.None));

        Assert.Equal([ReactionOutcome.Saved, ReactionOutcome.AlreadySaved, ReactionOutcome.Ignored, ReactionOutcome.Ignored, ReactionOutcome.Ignored], outcomes);
        Assert.Contains("1 paper,", list.Content, StringComparison.Ordinal);
        Assert.Contains("Speculative decoding & friends — `2506.00001`", list.Content, StringComparison.Ordinal);
        Assert.Equal(ReactionOutcome.Removed, removed);
        Assert.Contains("empty", after.Content, StringComparison.Ordinal);
        Assert.Empty(harness.Discord.Rejections);
    }
}
