using Microsoft.Extensions.Hosting;

namespace PaperBot.Papers.Search;

/// <summary>
/// Starts counting the search index's frequent words when the bot or the shell starts (in a large store;
/// see <see cref="PaperSearch.PrepareWordCountsAsync"/>), instead of on the first search.
/// </summary>
internal sealed class SearchWarmUp(PaperSearch search) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => search.PrepareWordCountsAsync(stoppingToken);
}
