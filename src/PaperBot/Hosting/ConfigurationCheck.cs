using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PaperBot.Digest;
using PaperBot.Discord;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Rest;
using PaperBot.Hosting.Observability;
using PaperBot.Ingestion;
using PaperBot.Papers.Search;
using PaperBot.Storage;

namespace PaperBot.Hosting;

/// <summary>The outcome of <see cref="ConfigurationCheck.Run"/>: problems stop the bot, notes do not.</summary>
public sealed record ConfigurationReport(IReadOnlyList<string> Problems, IReadOnlyList<string> Notes)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Binds and validates every options class with the same registrations the bot uses, without starting
/// anything, so <c>paperbot check-config</c> reports every problem at once instead of the first one at boot.
/// </summary>
public static partial class ConfigurationCheck
{
    public static ConfigurationReport Run(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddPaperBotCore(configuration);
        services.AddPaperBotConfigurationChecks();
        services.AddDiscordRest();
        services.AddDiscordGateway();
        services.AddDigest();

        var problems = new List<string>();
        using var provider = services.BuildServiceProvider();
        Check<StorageOptions>(provider, problems);
        Check<SearchOptions>(provider, problems);
        Check<IngestionOptions>(provider, problems);
        Check<DigestOptions>(provider, problems);
        Check<DiscordGatewayOptions>(provider, problems);
        Check<MetricsOptions>(provider, problems);
        Check<Health.HealthOptions>(provider, problems);
        Check<BotOptions>(provider, problems);
        Check<LogOutputOptions>(provider, problems);
        var discord = Check<DiscordOptions>(provider, problems);

        var notes = new List<string>();
        if (discord is not null && discord.ResolveToken() is null)
        {
            // Not a problem: without a token the bot runs the local shell. Never echo the token itself.
            notes.Add("Discord:Token is not set (Discord__Token or Discord:TokenFile): 'paperbot' starts the local shell, 'paperbot run' will refuse.");
        }

        if (discord is not null && discord.TryResolveShards(out var shards, out _) && shards.Count < discord.ShardCount)
        {
            // Discord's global limit is per bot token, so the processes of a fleet must share it; nothing can see the others from here.
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"This process runs {shards.Count} of Discord:ShardCount {discord.ShardCount} shards, so it is one of a fleet: Discord allows 50 REST requests per second per bot token, whichever process sends them, so the processes' Discord:GlobalRequestsPerSecond must add up to at most 50 (this one takes {discord.GlobalRequestsPerSecond})."));
        }

        // The same rule can be checked by two registered validators (data annotations and a feature's own);
        // a user should read each problem once.
        return new ConfigurationReport([.. problems.Distinct(StringComparer.Ordinal)], notes);
    }

    private static string SectionOf<T>() =>
        typeof(T).GetField("SectionName")?.GetRawConstantValue() as string ?? typeof(T).Name;

    /// <summary>
    /// Data-annotation failures name the property, not the configuration key ("members: 'MaxRetries'");
    /// rewritten as <c>Discord:MaxRetries: ...</c> so every line names the key a user has to change.
    /// </summary>
    internal static string NameTheKey(string failure, string section)
    {
        var match = DataAnnotationFailure().Match(failure);
        return match.Success ? $"{section}:{match.Groups["member"].Value}: {match.Groups["error"].Value}" : failure;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^DataAnnotation validation failed for '\w+' members: '(?<member>\w+)' with the error: '(?<error>.*)'\.?$")]
    private static partial System.Text.RegularExpressions.Regex DataAnnotationFailure();

    private static T? Check<T>(IServiceProvider provider, List<string> problems)
        where T : class
    {
        try
        {
            return provider.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures.Select(f => NameTheKey(f, SectionOf<T>())));
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            problems.Add(ex.Message);
        }

        return null;
    }
}
