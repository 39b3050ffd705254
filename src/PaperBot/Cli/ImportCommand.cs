using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers.Semantic;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot import &lt;file&gt;... [--embed | --no-embed]</c>: Hugging Face daily JSON, arXiv Atom or PaperBot JSON
/// Lines. Then, when the papers left without a vector are few enough to embed in minutes
/// (<see cref="EmbedCommand.EmbedOnItsOwnLimit"/>), it embeds them as <c>paperbot embed</c> does, so that the next search finds
/// them by meaning too: a bot or a shell embeds in the background, a command-line import has no background to leave
/// it to. Beyond that it says so and leaves them to <c>paperbot embed</c>: a million papers take hours to embed and
/// the model's memory, which a bulk import should not take on unasked (its memory stays flat: docs/benchmarks.md).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("file")
        {
            Description = "Files to import; the format is read from the content",
            Arity = ArgumentArity.OneOrMore,
        };
        var embed = new Option<bool>("--embed")
        {
            Description = $"Embed every paper left without a vector after the import, however many (by default only up to {CliText.Number(EmbedCommand.EmbedOnItsOwnLimit)})",
        };
        var noEmbed = new Option<bool>("--no-embed")
        {
            Description = "Store the papers only; their vectors (search by meaning) are left to 'paperbot embed' or a running bot or shell",
        };
        var command = new Command(
            "import",
            $"Import papers from Hugging Face daily papers JSON, arXiv Atom feeds or JSON Lines (PaperBot exports, arXiv's metadata snapshot, retrieval corpora such as BEIR's corpus.jsonl), then embed them for search by meaning (up to {CliText.Number(EmbedCommand.EmbedOnItsOwnLimit)} papers without a vector; see --embed).");
        command.Arguments.Add(files);
        command.Options.Add(embed);
        command.Options.Add(noEmbed);
        command.Validators.Add(r =>
        {
            if (r.GetValue(embed) && r.GetValue(noEmbed))
            {
                r.AddError("--embed and --no-embed cannot be used together.");
            }
        });
        command.SetAction((result, ct) => context.RunAsync(
            result,
            async (services, token) =>
            {
                var (exitCode, stored) = await ImportAsync(context, services.GetRequiredService<PaperImporter>(), result.GetValue(files) ?? [], token).ConfigureAwait(false);
                var embedder = services.GetRequiredService<PaperEmbedder>();
                if (stored > 0 && embedder.Enabled && !result.GetValue(noEmbed))
                {
                    await EmbedCommand.EmbedIfFewAsync(context, services, embedder, result.GetValue(embed), "the imported papers are stored, ", token).ConfigureAwait(false);
                }

                return exitCode;
            },
            ct));
        return command;
    }

    /// <summary>Imports each file; returns the exit code and how many papers were stored new or changed.</summary>
    private static async Task<(int ExitCode, long Stored)> ImportAsync(CliContext context, PaperImporter importer, string[] files, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var exitCode = CliExitCodes.Success;
        var stored = 0L;
        foreach (var file in files)
        {
            if (Directory.Exists(file))
            {
                await console.Error.WriteLineAsync($"paperbot: {file}: is a folder; name the files to import (e.g. {Path.Combine(file, "*.json")}); nothing imported").ConfigureAwait(false);
                exitCode = CliExitCodes.BadInput;
                continue;
            }

            var progress = console.ErrorIsTerminal ? new TerminalProgress(console.Error) : null;
            var report = await importer.ImportFileAsync(file, progress, cancellationToken).ConfigureAwait(false);
            progress?.Finish();

            if (report.Failure is { } failure)
            {
                var where = failure.Position == default ? "" : $"{failure.Position}: ";
                await console.Error.WriteLineAsync($"paperbot: {file}: {where}{failure.Reason.TrimEnd('.')}; nothing imported").ConfigureAwait(false);
                exitCode = CliExitCodes.BadInput;
                continue;
            }

            stored += report.Inserted + report.Updated;
            await console.Out.WriteLineAsync(
                $"{file} ({FormatName(report.Format)}): {CliText.Number(report.Inserted)} new, {CliText.Number(report.Updated)} updated, {CliText.Number(report.Unchanged)} unchanged, {CliText.Number(report.RefusedCount)} refused")
                .ConfigureAwait(false);
            foreach (var refusal in report.Refused)
            {
                await console.Error.WriteLineAsync($"paperbot: {file}: {refusal.Position}: {refusal.Reason.TrimEnd('.')}; refused").ConfigureAwait(false);
            }

            if (report.RefusedNotListed > 0)
            {
                await console.Error.WriteLineAsync($"paperbot: {file}: and {CliText.Number(report.RefusedNotListed)} more refused lines not listed").ConfigureAwait(false);
            }

            if (report.RefusedCount > 0)
            {
                exitCode = CliExitCodes.BadInput;
            }
        }

        return (exitCode, stored);
    }

    private static string FormatName(ImportFormat format) => format switch
    {
        ImportFormat.HuggingFaceDaily => "Hugging Face daily papers",
        ImportFormat.ArxivAtom => "arXiv Atom",
        ImportFormat.JsonLines => "JSON Lines",
        _ => "unknown format",
    };

    /// <summary>
    /// One rewritten line on an interactive stderr. A plain sink instead of <see cref="Progress{T}"/>, which
    /// would post reports to the thread pool and could draw after the summary line.
    /// </summary>
    private sealed class TerminalProgress(TextWriter error) : IProgress<ImportProgress>
    {
        private bool _drawn;

        public void Report(ImportProgress value)
        {
            error.Write($"\r{value.Source}: {CliText.Number(value.Stored)} papers stored{(value.BytesTotal > 0 ? $" ({value.Percent}% read)" : "")}");
            _drawn = true;
        }

        public void Finish()
        {
            if (_drawn)
            {
                error.WriteLine();
            }
        }
    }
}
