using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaperBot.Chat;
using PaperBot.Interactions;
using PaperBot.Memory;
using PaperBot.Scheduling;

namespace PaperBot.Digest;

public static class DigestServiceCollectionExtensions
{
    /// <summary>
    /// Registers the digest stores, planner, poster, runner, the <c>/digest</c> module and <see cref="DigestOptions"/>.
    /// Needs the storage, papers, semantic (<c>AddSemantic()</c>) and Discord REST registrations. The posting loop is <see cref="AddDigestService"/>.
    /// </summary>
    public static IServiceCollection AddDigest(this IServiceCollection services)
    {
        services.AddMemory();
        services.AddOptions<DigestOptions>()
            .BindConfiguration(DigestOptions.SectionName)
            .Validate(o => o.MaxConcurrentChannels is >= 1 and <= 64, $"{DigestOptions.SectionName}:MaxConcurrentChannels must be between 1 and 64.")
            .Validate(o => o.FirstBatchLookback >= TimeSpan.Zero, $"{DigestOptions.SectionName}:FirstBatchLookback must not be negative.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, $"{DigestOptions.SectionName}:RetryDelay must be positive.")
            .Validate(o => o.BatchLease > TimeSpan.Zero, $"{DigestOptions.SectionName}:BatchLease must be positive.")
            .Validate(o => o.MaxSleep > TimeSpan.Zero, $"{DigestOptions.SectionName}:MaxSleep must be positive.")
            .Validate(o => o.CandidateLimit is >= 1 and <= 10_000, $"{DigestOptions.SectionName}:CandidateLimit must be between 1 and 10000.")
            .Validate(o => o.MinTopicSimilarity is null or (>= -1 and <= 1), $"{DigestOptions.SectionName}:MinTopicSimilarity must be between -1 and 1.")
            .Validate(o => o.MinTasteSimilarity is >= -1 and <= 1, $"{DigestOptions.SectionName}:MinTasteSimilarity must be between -1 and 1.")
            .Validate(o => o.TasteSaves is >= 1 and <= 10_000, $"{DigestOptions.SectionName}:TasteSaves must be between 1 and 10000.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DigestWakeup>();
        services.TryAddSingleton<DigestSubscriptionStore>();
        services.TryAddSingleton<DigestLedger>();
        services.TryAddSingleton<DigestBatchLease>();
        services.AddChat();
        services.TryAddSingleton<DigestTopics>();
        services.TryAddSingleton<DigestTopicMeaning>();
        services.TryAddSingleton<ChannelTaste>();
        services.TryAddScoped<DigestCandidates>();
        services.TryAddScoped<DigestPlanner>();
        services.TryAddScoped<DigestPoster>();
        services.TryAddScoped<DigestRunner>();
        services.TryAddScoped<DigestSubscriptionService>();
        services.AddCommandModule<DigestCommandModule>();
        return services;
    }

    /// <summary>The digest posting loop, for the bot process only.</summary>
    public static IServiceCollection AddDigestService(this IServiceCollection services)
    {
        services.AddDueLoop<DigestRunner, DigestWakeup>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DigestOptions>>().Value;
            return new DueLoopSettings("Digest", options.Enabled, $"{DigestOptions.SectionName}:{nameof(DigestOptions.Enabled)}", options.RetryDelay);
        });
        return services;
    }
}
