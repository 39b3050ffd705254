using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PaperBot.Interactions;
using PaperBot.Discord;
using PaperBot.Shell;
using PaperBot.Storage;

namespace PaperBot.Hosting;

/// <summary>
/// Where <c>paperbot</c> (no verb), <c>paperbot run</c> and <c>paperbot shell</c> land: the Discord bot when a
/// token is configured, otherwise the local shell.
/// </summary>
public static class BotEntryPoint
{
    public const string NoTokenHint =
        "No Discord token configured: set the Discord__Token environment variable (or Discord:Token / Discord:TokenFile in config/appsettings.json) to run the bot.";

    public static async Task<int> RunAsync(BotLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var settings = new PaperBotHostSettings { Mode = PaperBotHostMode.Bot, DatabasePath = launch.DatabasePath };
        var mode = launch.Mode;
        if (mode != BotRunMode.Shell && ReadToken(settings) is null)
        {
            if (mode == BotRunMode.Discord)
            {
                // A configuration problem, as every other one: 1 (2 is for the unexpected).
                await launch.Error.WriteLineAsync(NoTokenHint.AsMemory(), cancellationToken).ConfigureAwait(false);
                return 1;
            }

            await launch.Error.WriteLineAsync($"{NoTokenHint} Starting the local shell instead.".AsMemory(), cancellationToken).ConfigureAwait(false);
            mode = BotRunMode.Shell;
        }

        if (mode == BotRunMode.Shell)
        {
            return await RunShellAsync(settings, launch, cancellationToken).ConfigureAwait(false);
        }

        using var host = BuildDiscordHost(settings);
        return await RunDiscordAsync(host, launch.Error, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Discord bot's host; tests add their seams through <paramref name="configure"/>.</summary>
    public static IHost BuildDiscordHost(PaperBotHostSettings settings, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = PaperBotHost.CreateBuilder(settings with { Mode = PaperBotHostMode.Bot });
        builder.Services.AddBot();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>The local shell's host: the same features and command modules, no gateway and no schedules.</summary>
    public static IHost BuildShellHost(PaperBotHostSettings settings, Action<IServiceCollection>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // CLI-quiet logging: the terminal is the conversation, so only warnings reach stderr.
        var builder = PaperBotHost.CreateBuilder(settings with { Mode = PaperBotHostMode.Cli });
        builder.Services.AddBotFeatures();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    /// <summary>Runs until cancelled or until the gateway fails for good; 0 for a clean stop, 1 otherwise.</summary>
    public static async Task<int> RunDiscordAsync(IHost host, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(error);
        var state = host.Services.GetRequiredService<BotRunState>();
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OptionsValidationException or DatabaseOpenException || PaperBotHost.IsConfigurationValueError(ex))
        {
            await error.WriteLineAsync($"PaperBot could not start: {ex.Message}".AsMemory(), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        if (state.FatalError is { } reason)
        {
            await error.WriteLineAsync($"PaperBot stopped: {reason}".AsMemory(), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        return 0;
    }

    private static async Task<int> RunShellAsync(PaperBotHostSettings settings, BotLaunch launch, CancellationToken cancellationToken)
    {
        using var host = BuildShellHost(settings);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OptionsValidationException or DatabaseOpenException || PaperBotHost.IsConfigurationValueError(ex))
        {
            await launch.Error.WriteLineAsync($"PaperBot could not start: {ex.Message}".AsMemory(), CancellationToken.None).ConfigureAwait(false);
            return 1;
        }

        try
        {
            // Uptime counts from here, as it does from the gateway's start in the bot.
            host.Services.GetRequiredService<BotUptime>().Start();
            return await LocalShell.RunAsync(host.Services, launch.Input, launch.Output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string? ReadToken(PaperBotHostSettings settings)
    {
        var configuration = new ConfigurationBuilder();
        PaperBotHost.AddConfiguration(configuration, settings);
        var options = new DiscordOptions();
        configuration.Build().GetSection(DiscordOptions.SectionName).Bind(options);
        return options.ResolveToken();
    }
}
