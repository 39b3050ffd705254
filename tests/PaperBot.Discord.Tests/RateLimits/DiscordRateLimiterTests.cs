using Microsoft.Extensions.Time.Testing;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;

namespace PaperBot.Discord.Tests.RateLimits;

public sealed class DiscordRateLimiterTests
{
    private static readonly MessageCreate Hello = new() { Content = "hello" };

    private static (string, string)[] Bucket(int remaining, double resetAfter = 5) =>
        [("X-RateLimit-Bucket", "msgs"), ("X-RateLimit-Limit", "5"), ("X-RateLimit-Remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture)),
         ("X-RateLimit-Reset-After", resetAfter.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Fact]
    public async Task CreateMessage_TwoChannels_ProceedConcurrently()
    {
        var releaseFirst = new TaskCompletionSource();
        var handler = new ScriptedHandler(async (r, i) =>
        {
            if (r.Path.EndsWith("/channels/1/messages", StringComparison.Ordinal))
            {
                await releaseFirst.Task;
            }

            return ScriptedHandler.MessageJson(headers: Bucket(4));
        });
        var client = TestClients.Create(handler);

        var first = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        var second = await client.CreateMessageAsync(2, Hello, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        releaseFirst.SetResult();
        await first;

        Assert.Equal(900UL, second.Id);
        Assert.Equal(2, handler.MaxInFlight);
    }

    [Fact]
    public async Task CreateMessage_SameChannel_SendsOneAtATime()
    {
        var handler = new ScriptedHandler(async (r, i) =>
        {
            await Task.Delay(20);
            return ScriptedHandler.MessageJson(headers: Bucket(4));
        });
        var client = TestClients.Create(handler);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.CreateMessageAsync(7, Hello, CancellationToken.None)));

        Assert.Equal(4, handler.Count);
        Assert.Equal(1, handler.MaxInFlight);
    }

    [Fact]
    public async Task CreateMessage_EmptyBucket_WaitsForResetBeforeSending()
    {
        var time = new FakeTimeProvider();
        var sentAt = new System.Collections.Concurrent.ConcurrentDictionary<int, DateTimeOffset>();
        var handler = new ScriptedHandler((r, i) =>
        {
            sentAt[i] = time.GetUtcNow();
            return ScriptedHandler.MessageJson(headers: Bucket(remaining: 0, resetAfter: 5));
        });
        var client = TestClients.Create(handler, time);

        await client.CreateMessageAsync(1, Hello, CancellationToken.None);
        var start = time.GetUtcNow();
        var second = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        var otherChannel = client.CreateMessageAsync(2, Hello, CancellationToken.None);
        await otherChannel.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(100);
        var sentBeforeReset = handler.Count;
        time.Advance(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, sentBeforeReset);
        Assert.Equal(3, handler.Count);
        Assert.Equal(1, client.Metrics.BucketWaits);

        // On the fake clock, whatever the machine's speed: the same channel's second create waited for the reset.
        Assert.Equal(start + TimeSpan.FromSeconds(5), sentAt[2]);
    }

    [Fact]
    public async Task CreateMessage_BucketLearnedFromHeaders_SharedByRoutesWithSameHashAndChannel()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.MessageJson(headers: Bucket(remaining: 0, resetAfter: 5)));
        var client = TestClients.Create(handler, time);

        // The create teaches that its route and the edit route share bucket "msgs"; the edit's first
        // response teaches the same for the edit route; afterwards both wait on the one exhausted bucket.
        await client.CreateMessageAsync(1, Hello, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        await client.EditMessageAsync(1, 900, new MessageEdit { Content = "x" }, CancellationToken.None);
        var create = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        await Task.Delay(100);
        var sentBeforeReset = handler.Count;
        time.Advance(TimeSpan.FromSeconds(5));
        await create.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, sentBeforeReset);
        Assert.Equal(3, handler.Count);
    }

    [Fact]
    public async Task Send_GlobalLimitReached_WaitsForWindow()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler, time, o => o.GlobalRequestsPerSecond = 5);

        var sends = Enumerable.Range(1, 6).Select(c => client.CreateMessageAsync((ulong)c, Hello, CancellationToken.None)).ToArray();
        Assert.True(await TestClients.EventuallyAsync(() => handler.Count == 5));
        await Task.Delay(100);
        var sentInFirstSecond = handler.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(sends).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(5, sentInFirstSecond);
        Assert.Equal(6, handler.Count);
    }

    [Fact]
    public async Task Send_GlobalLimit_SlotOfASlowRequestFreesOneWindowAfterItsResponse()
    {
        // Discord counts a request when it arrives, which may be as late as its response: a slow request
        // keeps its place in the window until a whole window after its response.
        var time = new FakeTimeProvider();
        var slow = new TaskCompletionSource();
        var handler = new ScriptedHandler(async (r, i) =>
        {
            if (r.Path.EndsWith("/channels/1/messages", StringComparison.Ordinal))
            {
                await slow.Task;
            }

            return ScriptedHandler.MessageJson();
        });
        var client = TestClients.Create(handler, time, o => o.GlobalRequestsPerSecond = 1);

        var first = client.CreateMessageAsync(1, Hello, CancellationToken.None);
        Assert.True(await TestClients.EventuallyAsync(() => handler.Count == 1));
        var second = client.CreateMessageAsync(2, Hello, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1.5));
        await Task.Delay(100);
        var sentWhileFirstInFlight = handler.Count;

        slow.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        time.Advance(TimeSpan.FromSeconds(0.5));
        await Task.Delay(100);
        var sentHalfAWindowAfterResponse = handler.Count;
        // The waiter may read the clock just before an advance and start its timer just after it, which only
        // makes it later: step the clock until it goes.
        for (var step = 0; step < 10 && !second.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromSeconds(0.25));
            await Task.WhenAny(second, Task.Delay(200));
        }

        await second.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, sentWhileFirstInFlight);
        Assert.Equal(1, sentHalfAWindowAfterResponse);
        Assert.Equal(2, handler.Count);
    }

    [Fact]
    public async Task CreateInteractionResponse_GlobalLimitReached_IsNotHeldBack()
    {
        var time = new FakeTimeProvider();
        var handler = new ScriptedHandler((r, i) => r.Path.Contains("/callback", StringComparison.Ordinal) ? ScriptedHandler.NoContent() : ScriptedHandler.MessageJson());
        var client = TestClients.Create(handler, time, o => o.GlobalRequestsPerSecond = 1);

        await client.CreateMessageAsync(1, Hello, CancellationToken.None);
        var blocked = client.CreateMessageAsync(2, Hello, CancellationToken.None);
        await client.CreateInteractionResponseAsync(10, "itoken", InteractionResponse.DeferredMessage(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.False(blocked.IsCompleted);
        Assert.Equal(2, handler.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await blocked.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task InteractionCallbacks_ManyAtOnce_BucketsAreWalkedAtMostOncePerInterval()
    {
        // Each interaction's callback has a bucket of its own: 1,200 of them at one moment, as a busy bot makes in seconds.
        var time = new FakeTimeProvider();
        var (client, limiter) = TestClients.CreateWithLimiter(new ScriptedHandler((_, _) => ScriptedHandler.NoContent()), time);

        await DeferAsync(client, 1, 1_200);

        // All kept (none has been idle for a minute), and walked at most once, not on each of the 688 requests past 512.
        Assert.Equal(1_200, limiter.BucketCount);
        Assert.InRange(limiter.PrunePasses, 0, 1);
    }

    [Fact]
    public async Task InteractionCallbacks_IdleForAMinute_TheirBucketsAreForgotten()
    {
        var time = new FakeTimeProvider();
        var (client, limiter) = TestClients.CreateWithLimiter(new ScriptedHandler((_, _) => ScriptedHandler.NoContent()), time);
        await DeferAsync(client, 1, 600);

        // Half a minute later the 600 are idle but too recent to forget.
        time.Advance(TimeSpan.FromSeconds(30));
        await DeferAsync(client, 601, 601);
        Assert.Equal(601, limiter.BucketCount);

        // Over a minute after their last use they go; the one used 31 s ago and the new one stay.
        time.Advance(TimeSpan.FromSeconds(31));
        await DeferAsync(client, 602, 602);
        Assert.Equal(2, limiter.BucketCount);
    }

    /// <summary>Defers interactions <paramref name="first"/> to <paramref name="last"/>, one after another, each with its own token.</summary>
    private static async Task DeferAsync(DiscordRestClient client, int first, int last)
    {
        for (var i = first; i <= last; i++)
        {
            await client.CreateInteractionResponseAsync((ulong)i, $"token-{i}", InteractionResponse.DeferredMessage(), CancellationToken.None);
        }
    }
}
