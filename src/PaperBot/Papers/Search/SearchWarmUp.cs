using Microsoft.Extensions.Hosting;

namespace PaperBot.Papers.Search;

/// <summary>
/// Starts counting the search index's frequent words when the bot or the shell starts (in a large store;
/// see <see cref="PaperSearch.PrepareWordCountsAsync"/>), instead of on the first search, and stops a count
/// still running when the host stops.
/// </summary>
internal sealed class SearchWarmUp(PaperSearch search) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => search.PrepareWordCountsAsync(stoppingToken);

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        search.StopCounting();
        return base.StopAsync(cancellationToken);
    }
}
