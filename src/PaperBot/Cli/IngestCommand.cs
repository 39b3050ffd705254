using System.CommandLine;
using PaperBot.Ingestion;

namespace PaperBot.Cli;

/// <summary><c>paperbot ingest [--date YYYY-MM-DD]</c>: one pass over Hugging Face and arXiv, as the bot runs hourly.</summary>
internal static class IngestCommand
{
    public static Command Create(CliContext context)
    {
        var date = new Option<string?>("--date")
        {
            Description = "Fetch the papers of this day (YYYY-MM-DD) instead of the latest ones",
            HelpName = "YYYY-MM-DD",
        };
        var command = new Command("ingest", "Fetch new papers from Hugging Face Daily Papers and arXiv once.");
        command.Options.Add(date);
        command.SetAction(async (result, ct) =>
        {
            if (!IngestCommandHandler.TryParseDate(result.GetValue(date), out var day, out var error))
            {
                await context.Console.Error.WriteLineAsync($"paperbot: {error}").ConfigureAwait(false);
                return CliExitCodes.BadInput;
            }

            return await context.RunAsync(
                result,
                (services, token) => IngestCommandHandler.RunAsync(services, day, context.Console.Out, token),
                ct).ConfigureAwait(false);
        });
        return command;
    }
}
