using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>Maps method + path segments (after /api/v10) to a route: its rate-limit template, major parameter, auth kind and handler.</summary>
internal sealed class RestRoutes
{
    private readonly MiscRoutes _misc;
    private readonly MessageRoutes _messages;
    private readonly InteractionRoutes _interactions;
    private readonly CommandRoutes _commands;
    private readonly ThreadRoutes _threads;

    public RestRoutes(FakeDiscordServer server)
    {
        var builder = new MessageBuilder(server);
        _misc = new MiscRoutes(server);
        _threads = new ThreadRoutes(server);
        _messages = new MessageRoutes(server, builder, _threads);
        _interactions = new InteractionRoutes(server, builder);
        _commands = new CommandRoutes(server);
    }

    public Route? Match(RestRequest r) => (r.Method, r.Segments) switch
    {
        ("GET", ["gateway", "bot"]) => Bot("GET /gateway/bot", "", (q, ct) => _misc.GatewayBot(q, ct)),
        ("GET", ["gateway"]) => new Route("GET /gateway", "", true, _misc.Gateway),
        ("GET", ["users", "@me"]) => Bot("GET /users/@me", "", _misc.CurrentUser),
        ("GET", ["applications", "@me"]) => Bot("GET /applications/@me", "", _misc.CurrentApplication),
        ("GET", ["oauth2", "applications", "@me"]) => Bot("GET /oauth2/applications/@me", "", _misc.CurrentApplication),

        ("GET", ["channels", var c]) => Bot("GET /channels/{channel_id}", c, (q, ct) => _misc.GetChannel(c, ct)),
        ("POST", ["channels", var c, "messages"]) => Bot("POST /channels/{channel_id}/messages", c, (q, ct) => _messages.CreateAsync(q, c)),
        ("GET", ["channels", var c, "messages"]) => Bot("GET /channels/{channel_id}/messages", c, (q, ct) => _messages.List(q, c)),
        ("GET", ["channels", var c, "messages", var m]) => Bot("GET /channels/{channel_id}/messages/{message_id}", c, (q, ct) => _messages.Get(c, m)),
        ("PATCH", ["channels", var c, "messages", var m]) => Bot("PATCH /channels/{channel_id}/messages/{message_id}", c, (q, ct) => _messages.EditAsync(q, c, m)),
        ("DELETE", ["channels", var c, "messages", var m]) => Bot("DELETE /channels/{channel_id}/messages/{message_id}", c, (q, ct) => _messages.DeleteAsync(c, m)),
        ("PUT", ["channels", var c, "messages", var m, "reactions", var e, "@me"]) => Bot("PUT /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", c, (q, ct) => _messages.ReactAsync(c, m, e, add: true)),
        ("DELETE", ["channels", var c, "messages", var m, "reactions", var e, "@me"]) => Bot("DELETE /channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", c, (q, ct) => _messages.ReactAsync(c, m, e, add: false)),
        ("GET", ["channels", var c, "messages", var m, "reactions", var e]) => Bot("GET /channels/{channel_id}/messages/{message_id}/reactions/{emoji}", c, (q, ct) => _messages.ReactionUsers(c, m, e)),
        ("POST", ["channels", var c, "messages", var m, "threads"]) => Bot("POST /channels/{channel_id}/messages/{message_id}/threads", c, (q, ct) => _threads.StartFromMessage(q, c, m)),
        ("PATCH", ["channels", var c]) => Bot("PATCH /channels/{channel_id}", c, (q, ct) => _threads.Modify(q, c)),
        ("POST", ["channels", var c, "typing"]) => Bot("POST /channels/{channel_id}/typing", c, (q, ct) => _messages.Typing(c)),

        ("GET", ["applications", var a, "commands"]) => Bot("GET /applications/{application_id}/commands", a, (q, ct) => _commands.List(a, null)),
        ("PUT", ["applications", var a, "commands"]) => Bot("PUT /applications/{application_id}/commands", a, (q, ct) => _commands.Overwrite(q, a, null)),
        ("POST", ["applications", var a, "commands"]) => Bot("POST /applications/{application_id}/commands", a, (q, ct) => _commands.Create(q, a, null)),
        ("DELETE", ["applications", var a, "commands", var id]) => Bot("DELETE /applications/{application_id}/commands/{command_id}", a, (q, ct) => _commands.Delete(a, null, id)),
        ("GET", ["applications", var a, "guilds", var g, "commands"]) => Bot("GET /applications/{application_id}/guilds/{guild_id}/commands", g, (q, ct) => _commands.List(a, g)),
        ("PUT", ["applications", var a, "guilds", var g, "commands"]) => Bot("PUT /applications/{application_id}/guilds/{guild_id}/commands", g, (q, ct) => _commands.Overwrite(q, a, g)),
        ("POST", ["applications", var a, "guilds", var g, "commands"]) => Bot("POST /applications/{application_id}/guilds/{guild_id}/commands", g, (q, ct) => _commands.Create(q, a, g)),
        ("DELETE", ["applications", var a, "guilds", var g, "commands", var id]) => Bot("DELETE /applications/{application_id}/guilds/{guild_id}/commands/{command_id}", g, (q, ct) => _commands.Delete(a, g, id)),

        // Interaction routes authenticate with the interaction token and are exempt from the global limit.
        ("POST", ["interactions", var id, var t, "callback"]) => Token("POST /interactions/{interaction_id}/{token}/callback", id, (q, ct) => _interactions.Callback(q, id, t)),
        ("POST", ["webhooks", var a, var t]) => Token("POST /webhooks/{application_id}/{token}", a + t, (q, ct) => _interactions.Followup(q, a, t)),
        ("GET", ["webhooks", var a, var t, "messages", var m]) => Token("GET /webhooks/{application_id}/{token}/messages/{message_id}", a + t, (q, ct) => _interactions.GetMessage(q, a, t, m)),
        ("PATCH", ["webhooks", var a, var t, "messages", var m]) => Token("PATCH /webhooks/{application_id}/{token}/messages/{message_id}", a + t, (q, ct) => _interactions.EditMessage(q, a, t, m)),
        ("DELETE", ["webhooks", var a, var t, "messages", var m]) => Token("DELETE /webhooks/{application_id}/{token}/messages/{message_id}", a + t, (q, ct) => _interactions.DeleteMessage(q, a, t, m)),
        _ => null,
    };

    private static Route Bot(string template, string major, Func<RestRequest, CancellationToken, Task<RestResult>> handler) => new(template, major, false, handler);

    private static Route Token(string template, string major, Func<RestRequest, CancellationToken, Task<RestResult>> handler) => new(template, major, true, handler);
}
