using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.FakeDiscord;
using PaperBot.Papers;

namespace PaperBot.Tests.Digest;

/// <summary>Shared bits of the /digest end-to-end tests: fresh papers (seed papers are never digested) and reading what the digest posted.</summary>
internal static class DigestE2E
{
    public static Task AddFreshPapersAsync(IHost host) =>
        host.Services.GetRequiredService<PaperStore>().UpsertManyAsync(
            [
                Paper("2611.00001", "Speculative decoding with draft trees", "cs.CL", 90),
                Paper("2611.00002", "Speculative decoding for image generation", "cs.CV", 80),
                Paper("2611.00003", "A survey of speculative decoding", "cs.CL", 70),
                Paper("2611.00004", "Tokenizer-free language models", "cs.CL", 60),
            ],
            CancellationToken.None);

    public static Paper Paper(string id, string title, string category, int upvotes) => new()
    {
        Id = id,
        Title = title,
        Abstract = $"We study {title.ToLowerInvariant()}.",
        Authors = ["Ada Lovelace", "Alan Turing"],
        Published = new DateOnly(2026, 11, 27),
        Categories = [category],
        Upvotes = upvotes,
        Sources = ["huggingface"],
    };

    /// <summary>Messages the bot posted in the channel on its own (not interaction answers).</summary>
    public static List<FakeMessage> ChannelPosts(FakeDiscordServer discord, ulong channelId) =>
        [.. discord.GetMessages(channelId).Where(m => m.AuthorIsBot && m.InteractionId is null)];

    public static List<string> PaperIds(IEnumerable<FakeMessage> posts) =>
        [.. posts.Where(m => m.Embeds.Count > 0).Select(m => m.Embeds[0]!["url"]!.GetValue<string>().Replace("https://arxiv.org/abs/", "", StringComparison.Ordinal))];

    public static async Task<List<FakeMessage>> WaitForPostsAsync(FakeDiscordServer discord, ulong channelId, int count, TimeSpan? timeout = null)
    {
        Assert.True(await discord.WaitUntilAsync(() => ChannelPosts(discord, channelId).Count >= count, timeout ?? TimeSpan.FromSeconds(10)), $"expected {count} digest posts in {channelId}");
        return ChannelPosts(discord, channelId);
    }

    /// <summary>
    /// Waits until the digest service finished every batch: what follows a post (the server memory, the bookmark
    /// reaction) is written by then. Posts alone arrive before it.
    /// </summary>
    public static async Task WaitForBatchesDoneAsync(IHost host, TimeSpan? timeout = null)
    {
        var ledger = host.Services.GetRequiredService<PaperBot.Digest.DigestLedger>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while ((await ledger.OpenBatchesAsync(CancellationToken.None)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the digest batch did not complete");
            await Task.Delay(20);
        }
    }
}
