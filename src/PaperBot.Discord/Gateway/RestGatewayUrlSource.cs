using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Gateway;

/// <summary>Asks <c>GET /gateway/bot</c> for the URL, as Discord recommends, instead of hard-coding it.</summary>
public sealed class RestGatewayUrlSource(DiscordRestClient rest) : IGatewayUrlSource
{
    public async Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        var gateway = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        return Uri.TryCreate(gateway.Url, UriKind.Absolute, out var url)
            ? url
            : throw new InvalidOperationException("GET /gateway/bot returned no usable gateway URL.");
    }
}
