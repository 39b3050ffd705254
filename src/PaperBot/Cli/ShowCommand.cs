using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers;

namespace PaperBot.Cli;

/// <summary><c>paperbot show &lt;id-or-url&gt; [--json]</c>.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id-or-url") { Description = "An arXiv id (2410.05258, arXiv:2410.05258v2), an arXiv/Hugging Face URL, or the id an imported paper came with (a DOI, a corpus id)" };
        var json = new Option<bool>("--json") { Description = "Print the paper as one JSON object" };
        var command = new Command("show", "Show one stored paper.");
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.SetAction((result, ct) =>
        {
            var input = result.GetValue(id) ?? "";
            if (!PaperId.TryNormalize(input, out var paperId, out var arxivId))
            {
                return context.FailAsync(CliExitCodes.BadInput, $"'{input}' is not an arXiv id, an arXiv/Hugging Face URL or a paper id");
            }

            return context.RunAsync(
                result,
                (services, token) => RunAsync(context, services.GetRequiredService<PaperStore>(), paperId, arxivId.Version, result.GetValue(json), token),
                ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, PaperStore store, string id, int? version, bool json, CancellationToken cancellationToken)
    {
        var paper = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (paper is null)
        {
            return await context.FailAsync(CliExitCodes.BadInput, $"no paper {id} in the store").ConfigureAwait(false);
        }

        if (paper.VersionNote(version, url => url.AbsoluteUri) is { } note)
        {
            await context.Console.Error.WriteLineAsync($"Note: {note}").ConfigureAwait(false);
        }

        var output = context.Console.Out;
        if (json)
        {
            await output.WriteLineAsync(CliPaperJson.From(paper, full: true).ToJsonLine()).ConfigureAwait(false);
            return CliExitCodes.Success;
        }

        const string Indent = "             ";
        await output.WriteLineAsync(CliText.Wrap(paper.DisplayTitle, 78, "")).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await Field("id", paper.IsArxiv ? $"{paper.Id}v{paper.Version}" : paper.Id).ConfigureAwait(false);
        await Field("authors", CliText.Wrap(string.Join(", ", paper.Authors), 64, Indent)).ConfigureAwait(false);
        await Field("published", CliText.Date(paper).Trim()).ConfigureAwait(false);
        await Field("categories", string.Join(", ", paper.Categories)).ConfigureAwait(false);
        await Field(paper.IsArxiv ? "arXiv" : "link", paper.AbsUrl?.ToString()).ConfigureAwait(false);
        await Field("pdf", paper.PdfUrl?.ToString()).ConfigureAwait(false);
        await Field("code", paper.CodeUrl).ConfigureAwait(false);
        await Field("project", paper.ProjectUrl).ConfigureAwait(false);
        await Field("upvotes", paper.Upvotes?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ConfigureAwait(false);
        await Field("sources", string.Join(", ", paper.Sources)).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(paper.AiSummary))
        {
            await Field("tl;dr", CliText.Wrap(paper.AiSummary, 64, Indent)).ConfigureAwait(false);
        }

        if (paper.Abstract.Length > 0)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(CliText.Wrap(paper.DisplayAbstract, 78, "")).ConfigureAwait(false);
        }

        return CliExitCodes.Success;

        Task Field(string name, string? value) =>
            string.IsNullOrEmpty(value) ? Task.CompletedTask : output.WriteLineAsync($"{name,-11}  {value}");
    }
}
