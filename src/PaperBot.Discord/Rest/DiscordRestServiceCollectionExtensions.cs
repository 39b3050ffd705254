using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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
            .Validate(o => o.TokenFile is not { Length: > 0 } file || File.Exists(file), $"{DiscordOptions.SectionName}:TokenFile names a file that does not exist.")
            .Validate(o => o.RequestTimeout > TimeSpan.Zero, $"{DiscordOptions.SectionName}:RequestTimeout must be positive.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.Zero && o.RateLimitMargin >= TimeSpan.Zero, $"{DiscordOptions.SectionName}:RetryBaseDelay and RateLimitMargin must not be negative.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordShardsValidation>());
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

/// <summary>Discord:Shards, ShardId and ShardCount together, with the message <see cref="DiscordOptions.TryResolveShards"/> gives.</summary>
internal sealed class DiscordShardsValidation : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options) =>
        options.TryResolveShards(out _, out var error) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error!);
}
