using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PaperBot.Discord.RateLimits;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Tests.Rest.Support;

public static class TestClients
{
    public const string Token = "test-bot-token-SECRET";

    public static DiscordOptions Options(Action<DiscordOptions>? configure = null)
    {
        var options = new DiscordOptions
        {
            Token = Token,
            RestBaseUrl = new Uri("http://discord.test/api/v10"),
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RateLimitMargin = TimeSpan.Zero,
            RequestTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return options;
    }

    public static DiscordRestClient Create(HttpMessageHandler handler, TimeProvider? time = null, Action<DiscordOptions>? configure = null, ILoggerFactory? loggers = null)
        => CreateWithLimiter(handler, time, configure, loggers).Client;

    /// <summary>The client and its rate limiter, which holds the process-wide token and invalid-request state.</summary>
    public static (DiscordRestClient Client, DiscordRateLimiter Limiter) CreateWithLimiter(HttpMessageHandler handler, TimeProvider? time = null, Action<DiscordOptions>? configure = null, ILoggerFactory? loggers = null)
    {
        time ??= TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        var options = Microsoft.Extensions.Options.Options.Create(Options(configure));
        var metrics = new DiscordRestMetrics();
        var limiter = new DiscordRateLimiter(options, time, metrics, loggers.CreateLogger<DiscordRateLimiter>());
        return (new DiscordRestClient(new HttpClient(handler), options, limiter, metrics, time, loggers.CreateLogger<DiscordRestClient>()), limiter);
    }

    /// <summary>Polls a condition with real time: for "has the client sent it yet" checks while a fake clock is frozen.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, int timeoutMs = 2000)
    {
        for (var waited = 0; waited < timeoutMs; waited += 10)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return condition();
    }
}
