using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PaperBot.Hosting.Observability;

namespace PaperBot.Hosting;

/// <summary>
/// The one place that builds PaperBot's generic host, for the CLI verbs and for the bot alike, so both read
/// the same configuration in the same order.
/// </summary>
public static class PaperBotHost
{
    public const string EnvironmentPrefix = "PaperBot__";

    public const string ConfigFileName = "appsettings.json";

    /// <summary>Creates the builder with PaperBot's configuration sources and core services registered.</summary>
    /// <param name="settings">What the command line decided (database path, CLI or bot mode).</param>
    public static HostApplicationBuilder CreateBuilder(PaperBotHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // Defaults off: they would add DOTNET_-prefixed variables, user secrets and the raw command line,
        // none of which PaperBot documents, and would log to stdout where --json output goes.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        AddConfiguration(builder.Configuration, settings);
        ConfigureLogging(builder, settings);

        builder.Services.AddPaperBotCore(builder.Configuration);
        return builder;
    }

    /// <summary>
    /// Later sources win: the file shipped beside the binary, the one in the working directory's
    /// <c>config/</c> folder, plain environment variables (<c>Discord__Token</c>), <c>PaperBot__</c>-prefixed
    /// ones, then what the command line said.
    /// </summary>
    public static void AddConfiguration(IConfigurationBuilder configuration, PaperBotHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);

        foreach (var file in ConfigFiles(settings.WorkingDirectory))
        {
            configuration.AddJsonFile(file, optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddEnvironmentVariables(EnvironmentPrefix);

        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (!string.IsNullOrWhiteSpace(settings.DatabasePath))
        {
            overrides[PaperBotHostSettings.DatabasePathKey] = Path.GetFullPath(settings.DatabasePath, settings.WorkingDirectory);
        }

        foreach (var (key, value) in settings.Overrides)
        {
            overrides[key] = value;
        }

        if (overrides.Count > 0)
        {
            configuration.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>The configuration files looked up, in the order they are applied.</summary>
    public static IReadOnlyList<string> ConfigFiles(string workingDirectory)
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, "config", ConfigFileName);
        var local = Path.GetFullPath(Path.Combine(workingDirectory, "config", ConfigFileName));
        return string.Equals(shipped, local, StringComparison.Ordinal) ? [shipped] : [shipped, local];
    }

    /// <summary>
    /// A setting that cannot be read as its type (<c>Search:CandidateLimit=abc</c>): the configuration binder
    /// reports it as an InvalidOperationException naming the key, which is bad input, not a failure of PaperBot.
    /// </summary>
    public static bool IsConfigurationValueError(Exception exception) =>
        exception is InvalidOperationException { Message: var message }
        && message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);

    private static void ConfigureLogging(HostApplicationBuilder builder, PaperBotHostSettings settings)
    {
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // Everything on stderr: stdout carries command output (JSON lines, exports) that must stay clean.
        builder.Logging.AddPaperBotConsole(builder.Configuration);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        if (settings.Mode == PaperBotHostMode.Cli)
        {
            // A provider-specific rule outranks every category rule of the Logging section, so CLI verbs
            // stay quiet whatever the bot's levels are; Cli:LogLevel turns them up when debugging.
            var level = Enum.TryParse<LogLevel>(builder.Configuration["Cli:LogLevel"], ignoreCase: true, out var parsed)
                ? parsed
                : LogLevel.Warning;
            builder.Logging.AddFilter<ConsoleLoggerProvider>(category: null, level);
            if (level > LogLevel.Debug)
            {
                // A terminal user gets one line per warning, never a stack trace; Debug and Trace keep the full
                // format. The host's log of a failed start and the HTTP resilience pipeline's per-attempt logs
                // are left out: the verbs and the shell report those failures in one line of their own.
                builder.Logging.AddConsoleFormatter<CliConsoleFormatter, ConsoleFormatterOptions>();
                builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = CliConsoleFormatter.FormatterName);
                builder.Logging.AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
                builder.Logging.AddFilter<ConsoleLoggerProvider>("Polly", LogLevel.None);
            }
        }
    }
}
