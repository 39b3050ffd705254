using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Ingestion.Importers;
using PaperBot.Papers;

namespace PaperBot.Cli;

/// <summary><c>paperbot export [--output FILE]</c>: every stored paper as JSON Lines, stdout by default.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout", HelpName = "FILE" };
        var command = new Command("export", "Export every stored paper as JSON Lines (re-importable with 'import').");
        command.Options.Add(output);
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(context, services.GetRequiredService<PaperStore>(), result.GetValue(output), token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, PaperStore store, string? path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path) || path == "-")
        {
            await PaperJsonLines.WriteAsync(context.Console.Out, store.ExportAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            await context.Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            return CliExitCodes.Success;
        }

        // Write beside the target and move into place, so an interrupted export never leaves half a file
        // where a previous good export was.
        var target = Path.GetFullPath(path);
        var temporary = target + ".partial";
        if (Directory.Exists(target))
        {
            throw new CliUsageException($"cannot write '{path}': it is a folder; name the export file, e.g. {Path.Combine(path, "papers.jsonl")}");
        }

        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
        {
            throw new CliUsageException($"cannot write '{path}': the folder {folder} does not exist");
        }

        try
        {
            var writer = new StreamWriter(temporary, append: false, PaperJsonLines.Utf8NoBom);
            await using (writer.ConfigureAwait(false))
            {
                await PaperJsonLines.WriteAsync(writer, store.ExportAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CliUsageException($"cannot write '{path}': {ex.Message}");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }

        return CliExitCodes.Success;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The export already failed; the leftover .partial file is the lesser problem.
        }
    }
}
