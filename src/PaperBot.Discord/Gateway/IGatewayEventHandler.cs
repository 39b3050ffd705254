namespace PaperBot.Discord.Gateway;

/// <summary>Receives every gateway event once, in order. A throwing handler is logged and the next event still arrives.</summary>
public interface IGatewayEventHandler
{
    ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken);
}
