using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PaperBot.Discord.Rest;
using PaperBot.Hosting.Observability;
using PaperBot.Tests.Digest;

namespace PaperBot.Tests.Shipping;

public sealed class GracefulShutdownTests
{
    private static readonly DateTimeOffset Monday = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Lets <c>passAfter</c> message creates through, then holds the next one until the request is cancelled.</summary>
    private sealed class StallingHandler(int passAfter, TaskCompletionSource stalled) : DelegatingHandler
    {
        private int _created;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var isCreate = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal);
            if (isCreate && Volatile.Read(ref _created) >= passAfter)
            {
                stalled.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (isCreate && response.StatusCode == HttpStatusCode.OK)
            {
                Interlocked.Increment(ref _created);
            }

            return response;
        }
    }

    [Fact]
    public async Task StopAsync_DuringDigestPost_RestartSendsTheRestExactlyOnce()
    {
        await using var harness = await DigestHarness.StartAsync(Monday);
        var stalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await harness.StartHostAsync(withService: true, services =>
        {
            services.AddPaperBotObservability();
            services.AddHttpClient<DiscordRestClient>().AddHttpMessageHandler(() => new StallingHandler(3, stalled));
        });
        var channel = harness.CreateChannel();
        await DigestHarness.AddPapersAsync(first, [.. Enumerable.Range(1, 6).Select(i => DigestHarness.Paper($"2506.0000{i}", $"Paper number {i}", i))]);
        await DigestHarness.SubscribeAsync(first, harness.Manager(channel), new(Time: "08:00", TimeZone: "UTC", Days: "daily", Max: 6));
        await harness.SettleAsync();
        harness.Time.SetUtcNow(Monday.AddHours(8));

        await stalled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, harness.Messages(channel).Count);

        // What SIGTERM does: the generic host's StopAsync, bounded by the configured shutdown timeout.
        var timeout = first.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HostOptions>>().Value.ShutdownTimeout;
        Assert.Equal(TimeSpan.FromSeconds(20), timeout);
        await first.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, harness.Messages(channel).Count);

        await harness.StartHostAsync();
        await harness.AdvanceUntilAsync(harness.Time.GetUtcNow(), () => harness.Messages(channel).Count >= 7);
        await harness.SettleAsync();

        var messages = harness.Messages(channel);
        Assert.Equal(7, messages.Count);
        var ids = DigestHarness.PaperIdsIn(messages);
        Assert.Equal(6, ids.Count);
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Empty(harness.Discord.Rejections);
    }
}
