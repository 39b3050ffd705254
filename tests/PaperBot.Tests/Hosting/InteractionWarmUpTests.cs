using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Hosting;
using PaperBot.Interactions;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>The bot answers searches and an autocomplete to itself before it connects, and sends none of them to Discord.</summary>
public sealed class InteractionWarmUpTests
{
    [Fact]
    public async Task Start_BeforeTheGatewayConnects_AnswersSearchesAndAnAutocompleteWithoutSendingThem()
    {
        await using var bot = await BotHarness.StartAsync();

        var warmUp = bot.Host.Services.GetRequiredService<InteractionWarmUp>();
        // The autocomplete's choices at least; the searches' pages too (a deferral and an edit each) unless the
        // warm-up's time ran out first. A search that failed would have logged an error (AssertClean).
        Assert.InRange(warmUp.Replies, 1, 1 + (2 * (InteractionWarmUp.Interactions.Count - 1)));
        // Each search found papers in the sample store, so each ran the path a user's search runs.
        Assert.Equal(0, warmUp.PrivateReplies);
        // The registration's JSON ran too, and its definitions read back equal, as Discord's copy must at READY.
        Assert.Equal(1, warmUp.RegistrationsReadBack);
        // Every reply went through the bot's own REST client (built, rate-limited, serialized and read back), to a
        // local handler: none reached Discord.
        var replies = warmUp.Replies;
        Assert.InRange(warmUp.RestReplies, replies, int.MaxValue);
        Assert.DoesNotContain(bot.Discord.Requests, r => r.Path.Contains("/callback", StringComparison.Ordinal));
        bot.AssertClean();
    }

    [Theory]
    [SqliteProvider]
    [PostgresProvider]
    public async Task Start_RehearsesAnAnswersRecords_AndKeepsNoneOfThem(StorageProvider provider)
    {
        await using var bot = await BotHarness.StartAsync(provider: provider);

        var warmUp = bot.Host.Services.GetRequiredService<InteractionWarmUp>();
        await warmUp.Finished.WaitAsync(TimeSpan.FromSeconds(60));

        // A search list's records and the server's memory of its papers were written in a transaction and rolled back:
        // no message, no paper number and no memory of the warm-up is left for a reaction, /paper discussed or a digest.
        Assert.Equal(1, warmUp.RecordsRehearsed);
        var state = bot.Host.Services.GetRequiredService<StateDatabase>();
        var connection = await state.OpenAsync(CancellationToken.None);
        await using (connection)
        {
            foreach (var table in new[] { "posted_messages", "posted_message_papers", "server_memory" })
            {
                Assert.Equal(0L, await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}"));
            }
        }

        bot.AssertClean();
    }

    [Fact]
    public async Task Start_WarmUpSwitchedOff_AnswersNothingBeforeConnecting()
    {
        await using var bot = await BotHarness.StartAsync(new Dictionary<string, string?> { ["Bot:WarmUp"] = "false" });

        var warmUp = bot.Host.Services.GetRequiredService<InteractionWarmUp>();
        Assert.Equal(0, warmUp.Replies);
        Assert.Contains("Interaction warm-up off", bot.Logs.AllText, StringComparison.Ordinal);
        bot.AssertClean();
    }

    [Fact]
    public async Task Start_WarmUpHeldByWorkThatIgnoresCancellation_GatewayConnectsAnyway()
    {
        // A handler that does not look at its token, as synchronous SQLite or model work on a loaded host.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hooks = new CommandHooks { BeforeHandler = (_, _) => release.Task };

        // Without the bound, the host's start would wait for the release forever: the timeout turns that into a failure.
        await using var bot = await BotHarness.StartAsync(configure: s => s.AddSingleton(hooks)).WaitAsync(TimeSpan.FromSeconds(60));

        var warmUp = bot.Host.Services.GetRequiredService<InteractionWarmUp>();
        Assert.True(bot.Discord.IsGatewayReady);
        // At most the automatic deferral of the held autocomplete; no search page, since its handler never ran.
        Assert.InRange(warmUp.Replies, 0, 1);
        Assert.Contains("Interaction warm-up stopped after", bot.Logs.AllText, StringComparison.Ordinal);
        release.SetResult();
    }
}
