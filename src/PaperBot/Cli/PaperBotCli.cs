using System.CommandLine;
using System.CommandLine.Invocation;
using PaperBot.Hosting;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot [--db PATH] &lt;verb&gt;</c>. Takes its writers as parameters so tests drive it in-process
/// exactly as a user would from a terminal.
/// </summary>
public static class PaperBotCli
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        RunAsync(args, new CliConsole(Console.In, stdout, stderr, ErrorIsTerminal: false), cancellationToken);

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);

        var db = new Option<string?>("--db")
        {
            Description = "SQLite database file (default: Storage:DatabasePath from config/appsettings.json)",
            HelpName = "PATH",
            Recursive = true,
        };

        var root = new RootCommand("PaperBot: research paper search, digests and libraries, on Discord or from this terminal.");
        root.Options.Add(db);

        var context = new CliContext(console, db);
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(SearchCommand.Create(context));
        root.Subcommands.Add(ShowCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(StatsCommand.Create(context));
        root.Subcommands.Add(EmbedCommand.Create(context));
        root.Subcommands.Add(IngestCommand.Create(context));
        root.Subcommands.Add(BackupCommand.Create(context));
        root.Subcommands.Add(CheckConfigCommand.Create(context));
        root.Subcommands.Add(HealthCommand.Create(context));
        root.Subcommands.Add(MigrateCommand.Create(context));
        root.Subcommands.Add(BotCommand("run", "Run the Discord bot.", BotRunMode.Discord, context));
        root.Subcommands.Add(BotCommand("shell", "Chat with PaperBot in this terminal, without Discord.", BotRunMode.Shell, context));
        root.SetAction((result, ct) => RunBotAsync(BotRunMode.Auto, result, context, ct));

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            // Verbs map their own failures to exit codes 1 and 2 with a one-line message; the default
            // handler would print a stack trace.
            EnableDefaultExceptionHandler = false,
        };

        try
        {
            var parsed = root.Parse(args);
            if (parsed.Action is not ParseErrorAction)
            {
                return await parsed.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
            }

            // A mistyped command gets one line per error, in the user's terms rather than .NET type names, a
            // guess at a mistyped verb, and where the help is: the whole help page printed first buried the
            // line that says what was wrong.
            var verb = parsed.CommandResult.Command;
            var guess = verb == root && parsed.UnmatchedTokens.FirstOrDefault() is { } typed
                ? CliText.Closest(typed, root.Subcommands.Select(c => c.Name))
                : null;
            // After a mistyped verb the rest of the line is only more of the same mistake: report the verb.
            foreach (var error in guess is null ? parsed.Errors : parsed.Errors.Take(1))
            {
                await console.Error.WriteLineAsync($"paperbot: {CliText.ParseErrorInUserTerms(error.Message)}").ConfigureAwait(false);
            }

            if (guess is not null)
            {
                await console.Error.WriteLineAsync($"Did you mean 'paperbot {guess}'?").ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync($"Run 'paperbot{(verb == root ? "" : " " + verb.Name)} --help' for usage.").ConfigureAwait(false);
            return CliExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await console.Error.WriteLineAsync("paperbot: cancelled").ConfigureAwait(false);
            return CliExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            await console.Error.WriteLineAsync($"paperbot: unexpected error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return CliExitCodes.Failure;
        }
    }

    private static Command BotCommand(string name, string description, BotRunMode mode, CliContext context)
    {
        var command = new Command(name, description);
        command.SetAction((result, ct) => RunBotAsync(mode, result, context, ct));
        return command;
    }

    private static Task<int> RunBotAsync(BotRunMode mode, ParseResult result, CliContext context, CancellationToken cancellationToken) =>
        BotEntryPoint.RunAsync(
            new BotLaunch(mode, result.GetValue(context.Database), context.Console.In, context.Console.Out, context.Console.Error),
            cancellationToken);
}
