using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PaperBot.Discord.RateLimits;

namespace PaperBot.Discord.Rest;

public static class DiscordRestServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DiscordRestClient"/> (typed HttpClient), its rate limiter and <see cref="DiscordOptions"/> from "Discord".</summary>
    public static IServiceCollection AddDiscordRest(this IServiceCollection services)
    {
        services.AddOptions<DiscordOptions>()
            .BindConfiguration(DiscordOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.RestBaseUrl.IsAbsoluteUri, $"{DiscordOptions.SectionName}:RestBaseUrl must be an absolute URL.")
            .Validate(o => o.ShardId < o.ShardCount, $"{DiscordOptions.SectionName}:ShardId must be below ShardCount.")
            .Validate(o => o.TokenFile is not { Length: > 0 } file || File.Exists(file), $"{DiscordOptions.SectionName}:TokenFile names a file that does not exist.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{DiscordOptions.SectionName}:RequestTimeout must be positive.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.RateLimitMargin >= TimeSpan.Zero, $"{DiscordOptions.SectionName}:RetryBaseDelay and RateLimitMargin must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DiscordRestMetrics>();
        services.TryAddSingleton<DiscordRateLimiter>();

        // The default HttpClient logging writes full URLs, and interaction routes carry a secret token in theirs;
        // this client logs route templates itself. Timeouts are per attempt, enforced by the client.
        services.AddHttpClient<DiscordRestClient>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        return services;
    }
}
