using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaperBot.Discord;
using PaperBot.Hosting.Observability;

namespace PaperBot.Hosting;

/// <summary>The checks that belong to no single feature: logging format, metrics endpoint, health, bot start, Discord URL scheme.</summary>
public static class ConfigurationValidation
{
    public static IServiceCollection AddPaperBotConfigurationChecks(this IServiceCollection services)
    {
        services.AddOptions<LogOutputOptions>()
            .BindConfiguration(LogOutputOptions.SectionName)
            .Validate(
                o => o.Format is not null && (o.IsJson || string.Equals(o.Format, LogOutputOptions.Text, StringComparison.OrdinalIgnoreCase)),
                "Logging:Format must be text or json.")
            .ValidateOnStart();
        services.AddOptions<MetricsOptions>()
            .BindConfiguration(MetricsOptions.SectionName)
            .Validate(o => o.Port is >= 0 and <= 65535, "Metrics:Port must be between 0 (off) and 65535.")
            .Validate(o => IPAddress.TryParse(o.BindAddress, out _), "Metrics:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.")
            .ValidateOnStart();
        services.AddOptions<Health.HealthOptions>()
            .BindConfiguration(Health.HealthOptions.SectionName)
            .Validate(o => o.GatewayGracePeriod > TimeSpan.Zero, "Health:GatewayGracePeriod must be positive.")
            .Validate(o => o.IngestionFailureLimit > TimeSpan.Zero, "Health:IngestionFailureLimit must be positive.")
            .Validate(o => o.StatusInterval >= TimeSpan.FromSeconds(1), "Health:StatusInterval must be at least 00:00:01.")
            .ValidateOnStart();
        // Read by the bot's start only, but bound here so check-config reports a value it cannot read.
        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.SectionName)
            .Validate(o => o.TrimMemoryInterval >= TimeSpan.FromSeconds(1), "Bot:TrimMemoryInterval must be at least 00:00:01.")
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DiscordOptions>, DiscordUrlValidator>());
        return services;
    }

    private sealed class DiscordUrlValidator : IValidateOptions<DiscordOptions>
    {
        public ValidateOptionsResult Validate(string? name, DiscordOptions options) =>
            options.RestBaseUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Discord:RestBaseUrl must be an absolute http(s) URL.");
    }
}
