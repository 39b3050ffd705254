using System.Net;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Gateway;

/// <summary>Asks <c>GET /gateway/bot</c> for the URL, as Discord recommends, instead of hard-coding it.</summary>
public sealed class RestGatewayUrlSource(DiscordRestClient rest) : IGatewayUrlSource
{
    public async Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        GatewayBot gateway;
        try
        {
            gateway = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordHttpException ex) when (ex.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Same cause as gateway close code 4004; retrying with the same token cannot succeed.
            throw new DiscordGatewayFatalException(GatewayCloseCodes.AuthenticationFailed);
        }

        return Uri.TryCreate(gateway.Url, UriKind.Absolute, out var url)
            ? url
            : throw new InvalidOperationException("GET /gateway/bot returned no usable gateway URL.");
    }
}
