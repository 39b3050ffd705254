using System.CommandLine;
using Microsoft.Extensions.Configuration;
using PaperBot.Hosting;

namespace PaperBot.Cli;

/// <summary><c>paperbot check-config [--config FILE]</c>: validates every setting without starting anything.</summary>
internal static class CheckConfigCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<string?>("--config")
        {
            Description = "An extra JSON settings file applied over the usual sources (before the command line)",
            HelpName = "FILE",
        };
        var command = new Command("check-config", "Validate the configuration; exit 0 when valid, 1 with the list of problems.");
        command.Options.Add(file);
        command.SetAction((result, ct) => RunAsync(context, result.GetValue(context.Database), result.GetValue(file), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? database, string? extraFile, CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        var settings = new PaperBotHostSettings { Mode = PaperBotHostMode.Cli, DatabasePath = database };
        if (extraFile is not null)
        {
            var path = Path.GetFullPath(extraFile);
            if (!File.Exists(path))
            {
                return await context.FailAsync(CliExitCodes.BadInput, $"{path} does not exist").ConfigureAwait(false);
            }

            // The file goes in before the command line so --db still wins, as everywhere else.
            PaperBotHost.AddConfiguration(builder, settings with { DatabasePath = null });
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
            if (settings.DatabasePath is not null)
            {
                builder.AddInMemoryCollection([new(PaperBotHostSettings.DatabasePathKey, Path.GetFullPath(settings.DatabasePath))]);
            }
        }
        else
        {
            PaperBotHost.AddConfiguration(builder, settings);
        }

        ConfigurationReport report;
        try
        {
            report = ConfigurationCheck.Run(builder.Build());
        }
        catch (InvalidDataException ex)
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"unreadable settings file: {ex.Message}").ConfigureAwait(false);
        }

        foreach (var note in report.Notes)
        {
            await context.Console.Out.WriteLineAsync($"note: {note}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        if (report.IsValid)
        {
            await context.Console.Out.WriteLineAsync("configuration is valid".AsMemory(), cancellationToken).ConfigureAwait(false);
            return CliExitCodes.Success;
        }

        await context.Console.Error.WriteLineAsync($"paperbot: {report.Problems.Count} configuration problem(s):".AsMemory(), cancellationToken).ConfigureAwait(false);
        foreach (var problem in report.Problems)
        {
            await context.Console.Error.WriteLineAsync($"  {problem}".AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        return CliExitCodes.BadInput;
    }
}
