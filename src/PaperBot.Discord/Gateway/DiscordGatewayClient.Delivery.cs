using System.Threading.Channels;

namespace PaperBot.Discord.Gateway;

public sealed partial class DiscordGatewayClient
{
    private async Task DeliverAsync(ChannelReader<GatewayEvent> events, IGatewayEventHandler handler, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var gatewayEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await handler.HandleAsync(gatewayEvent, cancellationToken).ConfigureAwait(false);
                    Counters.Delivered();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                // One faulty handler must not stop the events that follow it.
                catch (Exception ex)
                {
                    Counters.Delivered();
                    Log.HandlerFailed(_logger, ex, gatewayEvent.Name, gatewayEvent.Sequence);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: undelivered events are dropped with the session.
        }
    }

    private sealed class DelegateHandler(Func<GatewayEvent, CancellationToken, ValueTask> handle) : IGatewayEventHandler
    {
        public ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken) => handle(gatewayEvent, cancellationToken);
    }
}
