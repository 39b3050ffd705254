using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord.Rest;

internal sealed class MiscRoutes(FakeDiscordServer server)
{
    /// <summary>Session starts are counted by IDENTIFY, as on Discord; this only reports them.</summary>
    public Task<RestResult> GatewayBot(RestRequest request, CancellationToken ct) =>
        Task.FromResult(RestResult.Ok(new JsonObject
        {
            ["url"] = server.GatewayUrl.ToString().TrimEnd('/'),
            ["shards"] = server.Options.RecommendedShards,
            ["session_start_limit"] = server.Gateway.Limits.ToJson(),
        }));

    public Task<RestResult> Gateway(RestRequest request, CancellationToken ct) =>
        Task.FromResult(RestResult.Ok(new JsonObject { ["url"] = server.GatewayUrl.ToString().TrimEnd('/') }));

    public Task<RestResult> CurrentUser(RestRequest request, CancellationToken ct)
    {
        var user = Json.BotUser(server);
        user["verified"] = true;
        user["mfa_enabled"] = false;
        user["flags"] = 0;
        return Task.FromResult(RestResult.Ok(user));
    }

    public Task<RestResult> CurrentApplication(RestRequest request, CancellationToken ct) =>
        Task.FromResult(RestResult.Ok(new JsonObject
        {
            ["id"] = Json.Id(server.ApplicationId),
            ["name"] = server.Options.BotUsername,
            ["description"] = "",
            ["bot_public"] = false,
            ["bot_require_code_grant"] = false,
            ["flags"] = 0,
            ["bot"] = Json.BotUser(server),
        }));

    public Task<RestResult> GetChannel(string channelSegment, CancellationToken ct)
    {
        var channel = server.ResolveChannel(Route.Snowflake(channelSegment, "channel_id"));
        if (!channel.CanView)
        {
            throw DiscordError.MissingAccess();
        }

        return Task.FromResult(RestResult.Ok(Json.Channel(channel)));
    }
}
