using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;
using PaperBot.FakeDiscord.Validation;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>Global and guild application commands: list, bulk overwrite (ids kept per name and type), create, delete.</summary>
internal sealed class CommandRoutes(FakeDiscordServer server)
{
    public Task<RestResult> List(string appSegment, string? guildSegment)
    {
        var key = Scope(appSegment, guildSegment);
        lock (server.State.Gate)
        {
            var list = server.State.Commands.GetValueOrDefault(key) ?? [];
            return Task.FromResult(RestResult.Ok(new JsonArray(list.Select(c => c.DeepClone()).ToArray())));
        }
    }

    public Task<RestResult> Overwrite(RestRequest request, string appSegment, string? guildSegment)
    {
        var key = Scope(appSegment, guildSegment);
        if (request.Json is not JsonArray commands)
        {
            var bad = new FormErrors();
            bad.Add("_root", "BASE_TYPE_LIST", "Must be an array.");
            bad.ThrowIfAny();
            return Task.FromResult(RestResult.NoContent());
        }

        var errors = new FormErrors();
        CommandValidator.ValidateAll(commands, errors);
        errors.ThrowIfAny();
        JsonArray result = [];
        lock (server.State.Gate)
        {
            var previous = server.State.Commands.GetValueOrDefault(key) ?? [];
            var stored = commands.OfType<JsonObject>().Select(c => Stored(c, key, previous)).ToList();
            server.State.Commands[key] = stored;
            server.State.CommandOverwrites++;
            foreach (var command in stored)
            {
                result.Add(command.DeepClone());
            }
        }

        return Task.FromResult(RestResult.Ok(result));
    }

    public Task<RestResult> Create(RestRequest request, string appSegment, string? guildSegment)
    {
        var key = Scope(appSegment, guildSegment);
        var command = request.RequireObject();
        var errors = new FormErrors();
        CommandValidator.Validate(command, "", errors);
        errors.ThrowIfAny();
        lock (server.State.Gate)
        {
            var list = server.State.Commands.GetValueOrDefault(key) ?? [];
            var stored = Stored(command, key, list);
            var existing = list.FindIndex(c => c["id"]?.ToString() == stored["id"]?.ToString());
            if (existing >= 0)
            {
                list[existing] = stored;
            }
            else
            {
                list.Add(stored);
            }

            server.State.Commands[key] = list;
            return Task.FromResult(new RestResult(existing >= 0 ? 200 : 201, stored.DeepClone()));
        }
    }

    public Task<RestResult> Delete(string appSegment, string? guildSegment, string commandSegment)
    {
        var key = Scope(appSegment, guildSegment);
        var id = Route.Snowflake(commandSegment, "command_id");
        lock (server.State.Gate)
        {
            var list = server.State.Commands.GetValueOrDefault(key) ?? [];
            if (list.RemoveAll(c => c["id"]?.ToString() == Json.Id(id)) == 0)
            {
                throw new DiscordError(404, 10063, "Unknown application command");
            }
        }

        return Task.FromResult(RestResult.NoContent());
    }

    private ulong Scope(string appSegment, string? guildSegment)
    {
        if (Route.Snowflake(appSegment, "application_id") != server.ApplicationId)
        {
            throw DiscordError.MissingAccess();
        }

        if (guildSegment is null)
        {
            return 0;
        }

        var guild = Route.Snowflake(guildSegment, "guild_id");
        lock (server.State.Gate)
        {
            if (server.State.FindGuild(guild) is null && !server.Options.AutoCreateChannels)
            {
                throw DiscordError.MissingAccess();
            }
        }

        return guild;
    }

    /// <summary>Caller holds the state lock. Discord keeps a command's id when a bulk overwrite has one with the same name and type.</summary>
    private JsonObject Stored(JsonObject command, ulong scope, List<JsonObject> previous)
    {
        var stored = (JsonObject)command.DeepClone();
        var type = JsonRead.Int(command["type"]) ?? 1;
        var name = JsonRead.String(command["name"]);
        var same = previous.Find(p => (JsonRead.Int(p["type"]) ?? 1) == type && JsonRead.String(p["name"]) == name);
        stored["id"] = same?["id"]?.DeepClone() ?? Json.Id(server.Ids.Next());
        stored["application_id"] = Json.Id(server.ApplicationId);
        stored["version"] = Json.Id(server.Ids.Next());
        stored["type"] = type;
        stored["description"] ??= "";
        stored["default_member_permissions"] ??= null;
        stored["nsfw"] ??= false;
        if (scope != 0)
        {
            stored["guild_id"] = Json.Id(scope);
        }

        return stored;
    }
}
