using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Ingestion;
using PaperBot.Papers.Semantic;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot ingest [--date YYYY-MM-DD] [--no-embed]</c>: one pass over Hugging Face and arXiv, as the bot runs hourly;
/// then, as <c>import</c> does, the papers left without a vector are embedded when they are few enough.
/// </summary>
internal static class IngestCommand
{
    public static Command Create(CliContext context)
    {
        var date = new Option<string?>("--date")
        {
            Description = "Fetch the papers of this day (YYYY-MM-DD) instead of the latest ones",
            HelpName = "YYYY-MM-DD",
        };
        var noEmbed = new Option<bool>("--no-embed")
        {
            Description = "Store the papers only; their vectors (search by meaning) are left to 'paperbot embed' or a running bot or shell",
        };
        var command = new Command("ingest", "Fetch new papers from Hugging Face Daily Papers and arXiv once, then embed them for search by meaning.");
        command.Options.Add(date);
        command.Options.Add(noEmbed);
        command.SetAction(async (result, ct) =>
        {
            if (!IngestCommandHandler.TryParseDate(result.GetValue(date), out var day, out var error))
            {
                await context.Console.Error.WriteLineAsync($"paperbot: {error}").ConfigureAwait(false);
                return CliExitCodes.BadInput;
            }

            return await context.RunAsync(
                result,
                async (services, token) =>
                {
                    var (exitCode, stored) = await IngestCommandHandler.RunAsync(services, day, context.Console.Out, token).ConfigureAwait(false);
                    var embedder = services.GetRequiredService<PaperEmbedder>();
                    if (stored > 0 && embedder.Enabled && !result.GetValue(noEmbed))
                    {
                        await EmbedCommand.EmbedIfFewAsync(context, services, embedder, always: false, "the ingested papers are stored, ", token).ConfigureAwait(false);
                    }

                    return exitCode;
                },
                ct).ConfigureAwait(false);
        });
        return command;
    }
}
