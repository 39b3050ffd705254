using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Papers.Semantic;

namespace PaperBot.Cli;

/// <summary>
/// <c>paperbot embed</c>: embeds every paper that has no vector, with a progress bar on a terminal. Each batch
/// is committed on its own, so after Ctrl+C a new run goes on where this one stopped.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("embed", "Embed the papers that have no vector yet, for search by meaning (resumes where a stopped run left off).");
        command.SetAction((result, ct) => context.RunAsync(
            result,
            (services, token) => RunAsync(
                context,
                services.GetRequiredService<PaperEmbedder>(),
                services.GetRequiredService<EmbeddingBackfill>(),
                services.GetRequiredService<PaperVectorStore>(),
                services.GetRequiredService<TimeProvider>(),
                token),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context, PaperEmbedder embedder, EmbeddingBackfill backfill, PaperVectorStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!embedder.Enabled)
        {
            throw new CliUsageException("search by meaning is turned off (Semantic:Enabled is false); nothing embedded");
        }

        await EmbedMissingAsync(context, embedder, backfill, store, time, "", cancellationToken).ConfigureAwait(false);
        return CliExitCodes.Success;
    }

    /// <summary>Papers without a vector that import and ingest embed on their own: about 8 minutes at two cores' 40 papers/s.</summary>
    public const long EmbedOnItsOwnLimit = 20_000;

    /// <summary>
    /// After <c>import</c> or <c>ingest</c> stored papers: embeds those left without a vector when they are at most
    /// <see cref="EmbedOnItsOwnLimit"/> (or <paramref name="always"/>), else says on stderr that they
    /// wait for <c>paperbot embed</c>.
    /// </summary>
    internal static async Task EmbedIfFewAsync(
        CliContext context, IServiceProvider services, PaperEmbedder embedder, bool always, string keptNote, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<PaperVectorStore>();
        var (embedded, papers) = await store.CoverageAsync(embedder.Model.Name, cancellationToken).ConfigureAwait(false);
        var missing = papers - embedded;
        if (missing <= 0)
        {
            return;
        }

        if (!always && missing > EmbedOnItsOwnLimit)
        {
            await context.Console.Error.WriteLineAsync(
                $"paperbot: {CliText.Number(missing)} papers have no vector yet, more than import or ingest embeds on its own ({CliText.Number(EmbedOnItsOwnLimit)}): search finds them by their words until 'paperbot embed' (or a running bot or shell) embeds them; 'import --embed' embeds them right away")
                .ConfigureAwait(false);
            return;
        }

        await EmbedMissingAsync(
            context, embedder, services.GetRequiredService<EmbeddingBackfill>(), store, services.GetRequiredService<TimeProvider>(), keptNote, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Embeds every paper without a vector, with the bar on a terminal, and prints what it did (papers, time, rate,
    /// coverage). Stopped by Ctrl+C it says how far it got (after <paramref name="keptNote"/>, what else is kept) and
    /// rethrows. Also run after <c>import</c> and <c>ingest</c> (<see cref="EmbedIfFewAsync"/>).
    /// </summary>
    internal static async Task EmbedMissingAsync(
        CliContext context, PaperEmbedder embedder, EmbeddingBackfill backfill, PaperVectorStore store, TimeProvider time, string keptNote, CancellationToken cancellationToken)
    {
        var console = context.Console;
        var started = time.GetTimestamp();
        var progress = new EmbedProgress(console.Error, console.ErrorIsTerminal, time, started);
        long embedded;
        try
        {
            embedded = await backfill.RunAsync(progress, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            await console.Error.WriteLineAsync(
                $"paperbot: stopped embedding after {CliText.Number(progress.Done)} papers; {keptNote}the vectors stored so far are kept, and 'paperbot embed' goes on from there").ConfigureAwait(false);
            throw;
        }

        progress.Finish();
        var seconds = time.GetElapsedTime(started).TotalSeconds;
        var (covered, papers) = await store.CoverageAsync(embedder.Model.Name, cancellationToken).ConfigureAwait(false);
        var rate = embedded > 0 && seconds > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({embedded / seconds:0.0} papers/s)") : "";
        await console.Out.WriteLineAsync(
            string.Create(CultureInfo.InvariantCulture, $"Embedded {CliText.Number(embedded)} papers in {seconds:0.0} s{rate} with {embedder.Model.Name}; embedded {CliText.Number(covered)} of {CliText.Number(papers)}."))
            .ConfigureAwait(false);
    }

    /// <summary>A bar redrawn in place on an interactive stderr; nothing when stderr is a file or a pipe.</summary>
    private sealed class EmbedProgress(TextWriter error, bool terminal, TimeProvider time, long started) : IProgress<BackfillProgress>
    {
        private const int Width = 30;
        private bool drawn;

        public long Done { get; private set; }

        public void Report(BackfillProgress value)
        {
            Done = value.Done;
            if (!terminal || value.Total == 0)
            {
                return;
            }

            var seconds = time.GetElapsedTime(started).TotalSeconds;
            var rate = seconds > 0 ? value.Done / seconds : 0;
            var filled = (int)(Width * value.Done / value.Total);
            var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
            error.Write(string.Create(
                CultureInfo.InvariantCulture,
                $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {CliText.Number(value.Done)}/{CliText.Number(value.Total)} papers  {rate:0.0}/s  {left} left "));
            drawn = true;
        }

        public void Finish()
        {
            if (drawn)
            {
                error.WriteLine();
                drawn = false;
            }
        }
    }
}
