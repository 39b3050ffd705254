using PaperBot.Discord.Models;

namespace PaperBot.Discord.Gateway;

/// <summary>Where to open a fresh gateway session: the <c>url</c> of <c>GET /gateway/bot</c>, without query string.</summary>
public interface IGatewayUrlSource
{
    Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The URL with the session start limit, asked before every IDENTIFY. A source that cannot tell the limit
    /// (tests, a fixed URL) leaves it null and only the identify interval applies.
    /// </summary>
    async Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        new() { Url = (await GetGatewayUrlAsync(cancellationToken).ConfigureAwait(false)).AbsoluteUri };
}

/// <summary>Adapts a delegate, so tests and hosts can supply the URL without a REST client.</summary>
public sealed class DelegateGatewayUrlSource(Func<CancellationToken, Task<Uri>> getUrl) : IGatewayUrlSource
{
    public Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken) => getUrl(cancellationToken);
}
