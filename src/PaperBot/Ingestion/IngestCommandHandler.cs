using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace PaperBot.Ingestion;

/// <summary>
/// The body of <c>paperbot ingest [--date YYYY-MM-DD]</c>: one ingestion pass, a line per source on
/// the output writer; exit code 0 when every enabled source succeeded, 1 otherwise, and how many papers were stored
/// new or changed.
/// </summary>
public static class IngestCommandHandler
{
    public static async Task<(int ExitCode, long Stored)> RunAsync(IServiceProvider services, DateOnly? date, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var report = await scope.ServiceProvider.GetRequiredService<IngestionRunner>().RunOnceAsync(date, cancellationToken).ConfigureAwait(false);
            foreach (var source in report.Sources)
            {
                var line = !source.Enabled
                    ? $"{source.Source}: disabled"
                    : source.Succeeded
                        ? string.Create(CultureInfo.InvariantCulture, $"{source.Source}: {source.Fetched} papers fetched, {source.Inserted} new, {source.Updated} updated ({source.Requests} requests{(source.Refused > 0 ? $", {source.Refused} entries refused" : "")})")
                        : $"{source.Source}: failed: {source.Error}";
                await output.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return (report.AllSucceeded ? 0 : 1, report.Sources.Sum(s => (long)s.Inserted + s.Updated));
        }
    }

    /// <summary>Parses the <c>--date</c> value; null with an error message when it is not a YYYY-MM-DD date.</summary>
    public static bool TryParseDate(string? text, out DateOnly? date, out string? error)
    {
        date = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return true;
        }

        error = $"--date must be a date as YYYY-MM-DD, not '{text}'.";
        return false;
    }
}
