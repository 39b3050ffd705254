namespace PaperBot.Ingestion.Fetching;

/// <summary>Sits inside the resilience handler so every attempt, retries too, waits for its turn at the gate.</summary>
public sealed class ArxivThrottleHandler(ArxivRequestGate gate) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await gate.WaitTurnAsync(cancellationToken).ConfigureAwait(false);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
