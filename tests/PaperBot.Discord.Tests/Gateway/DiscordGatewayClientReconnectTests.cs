using PaperBot.Discord.Gateway;
using PaperBot.Discord.Tests.Gateway.Support;

namespace PaperBot.Discord.Tests.Gateway;

/// <summary>Resume, re-identify and fatal stops against the fake Discord; every event must arrive exactly once, in order.</summary>
public sealed class DiscordGatewayClientReconnectTests
{
    [Fact]
    public async Task RunAsync_SocketDropped_ResumesAndReplaysEventsSentWhileDisconnected()
    {
        await using var h = await GatewayHarness.StartAsync();
        var ready = await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1, 2, 3]);
        await h.WaitForNumbersAsync(3);
        var lastSeenBeforeDrop = h.Client.LastSequence;

        bool injectedWhileDisconnected;
        using (h.Server.HoldGatewayConnections())
        {
            await h.Server.DropConnectionAsync();
            await h.DispatchNumbersAsync([4, 5, 6]);
            injectedWhileDisconnected = h.Server.ConnectionCount == 1;
        }

        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        await h.DispatchNumbersAsync([7, 8]);

        await h.WaitForNumbersAsync(8);
        Assert.True(injectedWhileDisconnected, "events 4-6 should have been sent before the client reconnected");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], h.Handler.Numbers("TEST_EVENT"));
        Assert.Equal(1, h.Server.IdentifyCount);
        Assert.Equal(ready.SessionId, h.Client.SessionId);
        Assert.Single(h.Handler.Events.OfType<ResumedEvent>());
        var resume = Assert.Single(h.Server.ReceivedGatewayPayloads, p => (int)p["op"]! == 6);
        Assert.Equal(ready.SessionId, (string?)resume["d"]!["session_id"]);
        Assert.Equal(GatewayHarness.Token, (string?)resume["d"]!["token"]);
        Assert.Equal(1, h.Client.Counters.Resumes);

        // Docs: RESUME on READY's resume_gateway_url, with the last sequence number received.
        Assert.Equal(lastSeenBeforeDrop, (long)resume["d"]!["seq"]!);
        Assert.True(lastSeenBeforeDrop >= 4, $"READY and three events came before the drop, seq {lastSeenBeforeDrop}");
        Assert.Equal(
            [new Uri(h.Server.GatewayUrl + "?v=10&encoding=json"), new Uri(h.Server.ResumeGatewayUrl + "?v=10&encoding=json")],
            h.Server.GatewayConnectionUrls);
        Assert.Equal(0, h.Server.RefusedResumeCount);
    }

    [Fact]
    public async Task RunAsync_ReconnectRequested_ResumesWithoutLossOrDuplicates()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1, 2]);

        // Events sent right behind op 7 reach a socket the client is closing: only the replay can deliver them.
        await h.Server.SendReconnectAsync();
        await h.DispatchNumbersAsync([3, 4, 5]);
        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        await h.DispatchNumbersAsync([6]);

        await h.WaitForNumbersAsync(6);
        Assert.Equal([1, 2, 3, 4, 5, 6], h.Handler.Numbers("TEST_EVENT"));
        Assert.Equal(1, h.Server.IdentifyCount);
        Assert.Equal(2, h.Server.ConnectionCount);

        // A close with 1000 would end the session on Discord's side; a reconnect closes with 4000 to keep it.
        Assert.Equal([4000], h.Server.ClientCloseCodes);
        Assert.Equal(h.Server.ResumeGatewayUrl.AbsolutePath, h.Server.GatewayConnectionUrls[1].AbsolutePath);
        var resume = Assert.Single(h.Server.ReceivedGatewayPayloads, p => (int)p["op"]! == 6);
        Assert.True((long)resume["d"]!["seq"]! >= 3, "READY and events 1-2 were received before op 7");
    }

    [Fact]
    public async Task RunAsync_HeartbeatNotAcknowledged_DropsZombieAndResumes()
    {
        // A late first beat on each connection leaves time to turn ACKs back on before the new connection beats.
        await using var h = await GatewayHarness.StartAsync(configureFake: o => o.HeartbeatInterval = TimeSpan.FromMilliseconds(150), random: new FixedRandom(0.9));
        await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1]);

        h.Server.AcknowledgeHeartbeats = false;
        await h.WaitForFakeAsync(s => s.ConnectionCount == 2, "a reconnect after missed ACKs");
        h.Server.AcknowledgeHeartbeats = true;
        await h.DispatchNumbersAsync([2, 3]);
        await h.WaitForFakeAsync(s => s.ResumeCount >= 1, "a resume");
        await h.DispatchNumbersAsync([4]);

        await h.WaitForNumbersAsync(4);
        Assert.Equal([1, 2, 3, 4], h.Handler.Numbers("TEST_EVENT"));
        Assert.Equal(1, h.Server.IdentifyCount);
        Assert.Contains(h.Log.Lines, l => l.Contains("zombied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_InvalidSessionNotResumable_IdentifiesAgainWithFreshSequence()
    {
        await using var h = await GatewayHarness.StartAsync();
        var first = await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1, 2]);
        await h.WaitForNumbersAsync(2);

        await h.Server.SendInvalidSessionAsync(resumable: false);
        await h.WaitForFakeAsync(s => s.IdentifyCount == 2, "a second identify");
        await h.Handler.WaitUntilAsync(e => e.OfType<ReadyEvent>().Count() == 2, "a second READY");
        await h.DispatchNumbersAsync([3]);

        await h.WaitForNumbersAsync(3);
        Assert.Equal([1, 2, 3], h.Handler.Numbers("TEST_EVENT"));
        Assert.Equal(0, h.Server.ResumeCount);
        Assert.NotEqual(first.SessionId, h.Client.SessionId);
        var sequences = h.Handler.Events.Where(e => e.Name == "TEST_EVENT").Select(e => e.Sequence!.Value).ToList();
        Assert.True(sequences[2] < sequences[1], $"a fresh session numbers from 1 again: {string.Join(", ", sequences)}");
    }

    [Fact]
    public async Task RunAsync_InvalidSessionResumable_Resumes()
    {
        await using var h = await GatewayHarness.StartAsync();
        var ready = await h.WaitForReadyAsync();
        await h.DispatchNumbersAsync([1]);

        await h.Server.SendInvalidSessionAsync(resumable: true);
        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        await h.DispatchNumbersAsync([2]);

        await h.WaitForNumbersAsync(2);
        Assert.Equal([1, 2], h.Handler.Numbers("TEST_EVENT"));
        Assert.Equal(1, h.Server.IdentifyCount);
        Assert.Equal(ready.SessionId, h.Client.SessionId);
    }

    [Fact]
    public async Task RunAsync_ResumableCloseCode_Resumes()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.Server.CloseGatewayAsync(GatewayCloseCodes.UnknownError, "try again");

        await h.WaitForFakeAsync(s => s.ResumeCount == 1, "a resume");
        Assert.Equal(1, h.Server.IdentifyCount);
    }

    [Fact]
    public async Task RunAsync_SessionTimedOutCloseCode_IdentifiesAgain()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.Server.CloseGatewayAsync(GatewayCloseCodes.SessionTimedOut, "Session timed out.");

        await h.WaitForFakeAsync(s => s.IdentifyCount == 2, "a second identify");
        Assert.Equal(0, h.Server.ResumeCount);
    }

    [Fact]
    public async Task RunAsync_AuthenticationFailedAfterReady_ThrowsFatalWithCode()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        await h.Server.CloseGatewayAsync(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");

        var ex = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => h.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4004, ex.CloseCode);
        Assert.Equal(1, h.Server.ConnectionCount);
    }

    [Fact]
    public async Task RunAsync_WrongToken_ThrowsFatalAndFaultsReadyWait()
    {
        await using var h = await GatewayHarness.StartAsync(configureDiscord: o => o.Token = "not-the-token");

        var ex = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => h.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4004, ex.CloseCode);
        Assert.Contains("token", ex.Message, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => h.Client.WaitForReadyAsync(CancellationToken.None));
        Assert.DoesNotContain(h.Log.Lines, l => l.Contains("not-the-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DisallowedIntents_ThrowsFatal4014()
    {
        await using var h = await GatewayHarness.StartAsync(configureDiscord: o => o.Intents |= 1 << 15);

        var ex = await Assert.ThrowsAsync<DiscordGatewayFatalException>(() => h.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(4014, ex.CloseCode);
    }

    [Fact]
    public async Task RunAsync_GatewayUnreachableAtFirst_BacksOffThenConnects()
    {
        var attempts = 0;
        await using var h = await GatewayHarness.StartAsync(urlSource: server => new DelegateGatewayUrlSource(_ =>
            Task.FromResult(Interlocked.Increment(ref attempts) <= 2 ? new Uri("ws://127.0.0.1:1/gateway") : server.GatewayUrl)));

        await h.WaitForReadyAsync();

        Assert.Equal(3, attempts);
        Assert.Equal(2, h.Log.Lines.Count(l => l.Contains("9213", StringComparison.Ordinal)));
        Assert.Contains(h.Log.Lines, l => l.Contains("9212", StringComparison.Ordinal));
    }
}
