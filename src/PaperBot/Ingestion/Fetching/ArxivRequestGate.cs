using Microsoft.Extensions.Options;

namespace PaperBot.Ingestion.Fetching;

/// <summary>
/// Spaces requests to the arXiv API at least <see cref="ArxivSourceOptions.MinRequestInterval"/> apart,
/// retries included, process-wide (arXiv's terms: no more than one request every three seconds).
/// </summary>
public sealed class ArxivRequestGate(IOptions<IngestionOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private DateTimeOffset? _lastRequest;

    /// <summary>Waits until the next request may start and claims that slot.</summary>
    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_lastRequest is { } last)
            {
                var wait = last + options.Value.Arxiv.MinRequestInterval - timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                }
            }

            _lastRequest = timeProvider.GetUtcNow();
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
