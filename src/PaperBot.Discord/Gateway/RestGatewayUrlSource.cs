using System.Net;
using PaperBot.Discord.Models;
using PaperBot.Discord.Rest;

namespace PaperBot.Discord.Gateway;

/// <summary>Asks <c>GET /gateway/bot</c> for the URL and the session start limit, as Discord recommends, instead of hard-coding them.</summary>
public sealed class RestGatewayUrlSource(DiscordRestClient rest) : IGatewayUrlSource
{
    public async Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken) =>
        ParseUrl(await GetGatewayBotAsync(cancellationToken).ConfigureAwait(false));

    public async Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken)
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

        ParseUrl(gateway);
        return gateway;
    }

    internal static Uri ParseUrl(GatewayBot gateway) =>
        Uri.TryCreate(gateway.Url, UriKind.Absolute, out var url)
            ? url
            : throw new InvalidOperationException("GET /gateway/bot returned no usable gateway URL.");
}
