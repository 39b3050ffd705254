using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PaperBot.Ingestion.Fetching;

namespace PaperBot.Ingestion;

public static class IngestionServiceCollectionExtensions
{
    private const string UserAgent = "PaperBot/0.1 (research paper digest bot)";

    /// <summary>
    /// Registers the sources, <see cref="IngestionRunner"/> and <see cref="IngestionOptions"/>. The hosted
    /// <see cref="IngestionService"/> is separate (<see cref="AddIngestionService"/>) so a CLI verb can ingest
    /// once without starting the schedule.
    /// </summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ArxivRequestGate>();
        services.TryAddSingleton<IngestionStatus>();
        services.TryAddTransient<ArxivThrottleHandler>();

        services.AddHttpClient<HuggingFaceDailySource>(ConfigureClient)
            .AddStandardResilienceHandler()
            .Configure(ConfigureResilience);

        // Throttle inside resilience: retries wait their turn at the gate too.
        services.AddHttpClient<ArxivListingSource>(ConfigureClient)
            .AddStandardResilienceHandler()
            .Configure(ConfigureResilience);
        services.AddHttpClient<ArxivListingSource>()
            .AddHttpMessageHandler<ArxivThrottleHandler>();

        // Papers on demand share the listing's client setup and, through the one gate, its 3 s spacing.
        services.AddHttpClient<ArxivPaperFetcher>(ConfigureClient)
            .AddStandardResilienceHandler()
            .Configure(ConfigureResilience);
        services.AddHttpClient<ArxivPaperFetcher>()
            .AddHttpMessageHandler<ArxivThrottleHandler>();
        services.TryAddScoped<PaperOnDemand>();

        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<HuggingFaceDailySource>());
        services.AddTransient<IPaperSource>(sp => sp.GetRequiredService<ArxivListingSource>());
        services.TryAddScoped<IngestionRunner>();
        services.TryAddScoped<IngestionPassGate>();
        return services;
    }

    /// <summary>The hourly ingestion schedule, for the bot process.</summary>
    public static IServiceCollection AddIngestionService(this IServiceCollection services)
    {
        services.AddHostedService<IngestionService>();
        return services;
    }

    private static void ConfigureClient(IServiceProvider services, HttpClient client)
    {
        // The resilience pipeline owns timeouts (per attempt and in total).
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }

    private static void ConfigureResilience(HttpStandardResilienceOptions resilience, IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        resilience.Retry.MaxRetryAttempts = options.RetryCount;
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.UseJitter = true;
        resilience.Retry.ShouldRetryAfterHeader = true;
        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;

        // The total must cover every attempt and every backoff, or the later retries never happen.
        var backoff = options.RetryBaseDelay * Math.Pow(2, options.RetryCount + 1);
        resilience.TotalRequestTimeout.Timeout = (options.AttemptTimeout * (options.RetryCount + 1)) + backoff;
        resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 > TimeSpan.FromSeconds(30) ? options.AttemptTimeout * 2 : TimeSpan.FromSeconds(30);
    }
}
