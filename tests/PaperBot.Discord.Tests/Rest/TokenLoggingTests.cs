using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;
using PaperBot.Discord.Tests.Rest.Support;

namespace PaperBot.Discord.Tests.Rest;

public sealed class TokenLoggingTests
{
    private const string InteractionToken = "aW50ZXJhY3Rpb24tdG9rZW4tU0VDUkVU";

    [Fact]
    public async Task AddDiscordRest_RequestsFailAndRetry_NeitherTokenAppearsInLogsOrErrors()
    {
        var handler = new ScriptedHandler((r, i) => i switch
        {
            0 => ScriptedHandler.Json(500, "{}"),
            1 => ScriptedHandler.Json(429, """{"message":"You are being rate limited.","retry_after":0.01,"global":false}"""),
            2 => ScriptedHandler.NoContent(),
            3 => ScriptedHandler.Json(404, """{"message":"Unknown Webhook","code":10015}"""),
            _ => ScriptedHandler.Json(401, """{"message":"401: Unauthorized","code":0}"""),
        });
        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = TestClients.Token,
            ["Discord:RestBaseUrl"] = "http://discord.test/api/v10",
            ["Discord:RetryBaseDelay"] = "00:00:00.001",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddDiscordRest();
        services.AddHttpClient<DiscordRestClient>().ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<DiscordRestClient>();

        await client.CreateInteractionResponseAsync(1, InteractionToken, InteractionResponse.DeferredMessage(), CancellationToken.None);
        var followup = await Assert.ThrowsAsync<DiscordHttpException>(() => client.CreateFollowupAsync(2, InteractionToken, new MessageCreate { Content = "x" }, CancellationToken.None));
        var bot = await Assert.ThrowsAsync<DiscordHttpException>(() => client.GetCurrentUserAsync(CancellationToken.None));

        Assert.Equal(5, handler.Count);
        Assert.Equal($"Bot {TestClients.Token}", handler.Requests[4].Headers["Authorization"]);
        Assert.Contains(InteractionToken, handler.Requests[0].Path, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.Contains(logs.Lines, l => l.Contains("/interactions/{interaction_id}/{interaction_token}/callback", StringComparison.Ordinal));
        var everything = string.Join("\n", logs.Lines.Append(followup.ToString()).Append(bot.ToString()));
        Assert.DoesNotContain(InteractionToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(TestClients.Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
    }
}
