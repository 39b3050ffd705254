namespace PaperBot.FakeDiscord.Rest;

/// <summary>Maps method + path segments (after /api/v10) to a route: its rate-limit template, major parameter, and handler.</summary>
internal sealed class RestRoutes(FakeDiscordServer server)
{
    private readonly MiscRoutes _misc = new(server);

    public Route? Match(RestRequest r) => (r.Method, r.Segments) switch
    {
        ("GET", ["gateway", "bot"]) => new Route("GET /gateway/bot", "", false, _misc.GatewayBot),
        ("GET", ["gateway"]) => new Route("GET /gateway", "", true, _misc.Gateway),
        ("GET", ["users", "@me"]) => new Route("GET /users/@me", "", false, _misc.CurrentUser),
        ("GET", ["applications", "@me"]) => new Route("GET /applications/@me", "", false, _misc.CurrentApplication),
        ("GET", ["oauth2", "applications", "@me"]) => new Route("GET /oauth2/applications/@me", "", false, _misc.CurrentApplication),
        ("GET", ["channels", var c]) => new Route("GET /channels/{channel_id}", c, false, (q, ct) => _misc.GetChannel(c, ct)),
        _ => null,
    };
}
