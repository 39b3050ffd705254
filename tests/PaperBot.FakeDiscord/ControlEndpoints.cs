using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using PaperBot.FakeDiscord.Rest;
using PaperBot.FakeDiscord.State;

namespace PaperBot.FakeDiscord;

/// <summary>/_fake/... endpoints for manual runs of the real bot against a standalone fake (curl-friendly, query parameters only).</summary>
internal static class ControlEndpoints
{
    public static async Task HandleAsync(FakeDiscordServer server, HttpContext http, CancellationToken ct)
    {
        var q = http.Request.Query;
        ulong Id(string name) => ulong.TryParse(q[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        try
        {
            JsonNode? result = http.Request.Path.Value switch
            {
                "/_fake/messages" => new JsonArray((q.ContainsKey("channel") ? server.GetMessages(Id("channel")) : server.AllMessages)
                    .Select(m => (JsonNode)MessageJson.Build(server, m)).ToArray()),
                "/_fake/requests" => new JsonArray(server.Requests.Select(r => (JsonNode)new JsonObject
                {
                    ["method"] = r.Method, ["path"] = r.Path, ["status"] = r.StatusCode, ["body"] = r.Body,
                }).ToArray()),
                "/_fake/rejections" => new JsonArray(server.Rejections.Select(r => (JsonNode)JsonValue.Create(r.ToString())).ToArray()),
                "/_fake/guild" => new JsonObject { ["guild_id"] = Json.Id(server.CreateGuild(q["name"].ToString() is { Length: > 0 } n ? n : "Test Guild")) },
                "/_fake/channel" => new JsonObject { ["channel_id"] = Json.Id(server.CreateChannel(Id("guild"), q["name"].ToString() is { Length: > 0 } c ? c : "papers")) },
                "/_fake/slash" => await SlashAsync(server, http, Id, ct),
                "/_fake/reaction" => await ReactionAsync(server, q, Id, ct),
                _ => null,
            };
            await HttpJson.WriteAsync(http, result is null ? 404 : 200, result ?? new JsonObject { ["message"] = "unknown control endpoint" }, ct);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or System.Text.Json.JsonException)
        {
            await HttpJson.WriteAsync(http, 400, new JsonObject { ["message"] = e.Message }, ct);
        }
    }

    private static async Task<JsonNode> SlashAsync(FakeDiscordServer server, HttpContext http, Func<string, ulong> id, CancellationToken ct)
    {
        var q = http.Request.Query;
        var options = q["options"].ToString() is { Length: > 0 } raw ? JsonNode.Parse(raw) as JsonArray : null;
        var interaction = await server.InjectSlashCommandAsync(q["name"].ToString(), options, id("guild"), id("channel"), id("user") is 0 ? 42UL : id("user"), q["permissions"].ToString() is { Length: > 0 } p ? p : "0", ct: ct);
        return new JsonObject { ["interaction_id"] = Json.Id(interaction.Id) };
    }

    private static async Task<JsonNode> ReactionAsync(FakeDiscordServer server, IQueryCollection q, Func<string, ulong> id, CancellationToken ct)
    {
        var user = id("user") is 0 ? 42UL : id("user");
        if (q["remove"].ToString() == "true")
        {
            await server.InjectReactionRemoveAsync(id("channel"), id("message"), user, q["emoji"].ToString(), ct: ct);
        }
        else
        {
            await server.InjectReactionAddAsync(id("channel"), id("message"), user, q["emoji"].ToString(), ct: ct);
        }

        return new JsonObject { ["ok"] = true };
    }
}
