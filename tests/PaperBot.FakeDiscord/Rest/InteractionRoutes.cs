using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.State;
using PaperBot.FakeDiscord.Validation;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>Interaction callback (exactly once, within the deadline) and the interaction webhook: followups and @original.</summary>
internal sealed class InteractionRoutes(FakeDiscordServer server, MessageBuilder builder)
{
    public Task<RestResult> Callback(RestRequest request, string idSegment, string token)
    {
        var id = Route.Snowflake(idSegment, "interaction_id");
        var interaction = server.FindInteraction(id);
        if (interaction is null || interaction.Token != token)
        {
            throw DiscordError.UnknownInteraction();
        }

        var payload = request.RequireObject();
        var type = JsonRead.Int(payload["type"]);
        var data = payload["data"];
        lock (server.State.Gate)
        {
            if (interaction.Responded)
            {
                throw DiscordError.AlreadyAcknowledged();
            }

            if (request.Now > interaction.Deadline || interaction.InitialResponse.IsCompleted)
            {
                throw DiscordError.UnknownInteraction();
            }
        }

        ValidateType(interaction.Type, type);
        var channel = server.ResolveChannel(interaction.ChannelId);
        FakeMessage? created = null;
        FakeMessage? updated = null;
        switch (type)
        {
            case 4:
                created = builder.Create(interaction.ChannelId, channel.GuildId, RequireData(data), request.Files, interaction.Id);
                break;
            case 5:
                created = builder.Deferred(interaction.ChannelId, channel.GuildId, data, interaction.Id);
                break;
            case 7:
                updated = builder.Edit(SourceMessage(interaction), data as JsonObject ?? [], request.Files);
                break;
            case 8:
                ValidateChoices(data);
                break;
            case 9:
                var errors = new FormErrors();
                ComponentValidator.ValidateModal(RequireData(data), errors);
                errors.ThrowIfAny();
                break;
        }

        lock (server.State.Gate)
        {
            // Re-checked under the lock: two callbacks racing must still get exactly one acceptance.
            if (interaction.Responded)
            {
                throw DiscordError.AlreadyAcknowledged();
            }

            if (created is not null)
            {
                server.State.Put(created);
                interaction.OriginalMessageId = created.Id;
            }
            else if (updated is not null)
            {
                server.State.Put(updated);
                interaction.OriginalMessageId = updated.Id;
            }
            else if (type == 6)
            {
                interaction.OriginalMessageId = interaction.SourceMessageId;
            }

            interaction.MarkResponded(type!.Value, data);
        }

        var message = created ?? updated;
        if (message is { Ephemeral: false, Loading: false })
        {
            _ = server.EnqueueDispatch(created is not null ? "MESSAGE_CREATE" : "MESSAGE_UPDATE", MessageJson.Build(server, message), channel.GuildId);
        }

        var result = request.QueryFlag("with_response") ? RestResult.Ok(CallbackResponse(interaction, type!.Value, message)) : RestResult.NoContent();
        return Task.FromResult(result with { OnRecorded = interaction.CompleteInitial });
    }

    public Task<RestResult> Followup(RestRequest request, string appSegment, string token)
    {
        var interaction = Webhook(request, appSegment, token);
        lock (server.State.Gate)
        {
            if (!interaction.Responded)
            {
                throw DiscordError.UnknownWebhook();
            }
        }

        var channel = server.ResolveChannel(interaction.ChannelId);
        var message = builder.Create(interaction.ChannelId, channel.GuildId, request.RequireObject(), request.Files, interaction.Id);
        lock (server.State.Gate)
        {
            server.State.Put(message);
            interaction.AddFollowup(message.Id);
        }

        var json = MessageJson.Build(server, message);
        if (!message.Ephemeral)
        {
            _ = server.EnqueueDispatch("MESSAGE_CREATE", json.DeepClone(), channel.GuildId);
        }

        return Task.FromResult(RestResult.Ok(json) with { OnRecorded = interaction.RecordFollowup });
    }

    public Task<RestResult> GetMessage(RestRequest request, string appSegment, string token, string messageSegment)
    {
        var interaction = Webhook(request, appSegment, token);
        return Task.FromResult(RestResult.Ok(MessageJson.Build(server, OwnedMessage(interaction, messageSegment))));
    }

    public Task<RestResult> EditMessage(RestRequest request, string appSegment, string token, string messageSegment)
    {
        var interaction = Webhook(request, appSegment, token);
        var message = OwnedMessage(interaction, messageSegment);
        var edited = builder.Edit(message, request.RequireObject(), request.Files);
        lock (server.State.Gate)
        {
            server.State.Put(edited);
        }

        var json = MessageJson.Build(server, edited);
        if (!edited.Ephemeral)
        {
            _ = server.EnqueueDispatch(message.Loading ? "MESSAGE_CREATE" : "MESSAGE_UPDATE", json.DeepClone(), edited.GuildId);
        }

        return Task.FromResult(RestResult.Ok(json));
    }

    public Task<RestResult> DeleteMessage(RestRequest request, string appSegment, string token, string messageSegment)
    {
        var interaction = Webhook(request, appSegment, token);
        var message = OwnedMessage(interaction, messageSegment);
        lock (server.State.Gate)
        {
            server.State.Remove(message.Id);
        }

        return Task.FromResult(RestResult.NoContent());
    }

    private InjectedInteraction Webhook(RestRequest request, string appSegment, string token)
    {
        if (Route.Snowflake(appSegment, "webhook_id") != server.ApplicationId)
        {
            throw DiscordError.UnknownWebhook();
        }

        var interaction = server.Interactions.FirstOrDefault(i => i.Token == token) ?? throw DiscordError.UnknownWebhook();
        if (request.Now > interaction.TokenExpiresAt)
        {
            throw DiscordError.InvalidWebhookToken();
        }

        return interaction;
    }

    private FakeMessage OwnedMessage(InjectedInteraction interaction, string segment)
    {
        lock (server.State.Gate)
        {
            ulong? id = segment == "@original" ? interaction.OriginalMessageId : Route.Snowflake(segment, "message_id");
            if (id is { } messageId && interaction.OwnsMessage(messageId) && server.State.Messages.TryGetValue(messageId, out var message))
            {
                return message;
            }

            throw DiscordError.UnknownMessage();
        }
    }

    private FakeMessage SourceMessage(InjectedInteraction interaction) =>
        interaction.SourceMessageId is { } id && server.GetMessage(id) is { } message ? message : throw DiscordError.UnknownMessage();

    private static JsonObject RequireData(JsonNode? data)
    {
        if (data is JsonObject o)
        {
            return o;
        }

        var errors = new FormErrors();
        errors.Required("data");
        errors.ThrowIfAny();
        return [];
    }

    /// <summary>Callback types each interaction type accepts (docs/interactions/Receiving_and_Responding.md).</summary>
    private static void ValidateType(int interactionType, int? callbackType)
    {
        var allowed = interactionType switch
        {
            2 => new[] { 4, 5, 9 },
            3 => [4, 5, 6, 7, 9],
            4 => [8],
            5 => [4, 5, 6, 7],
            _ => [1],
        };
        if (callbackType is not { } type || !allowed.Contains(type))
        {
            var errors = new FormErrors();
            errors.Add("type", "INTERACTION_RESPONSE_TYPE_INVALID", $"Interaction response type {callbackType?.ToString() ?? "null"} is not valid for interaction type {interactionType}.");
            errors.ThrowIfAny();
        }
    }

    private static void ValidateChoices(JsonNode? data)
    {
        var errors = new FormErrors();
        if (data?["choices"] is not JsonArray choices)
        {
            errors.Required("data.choices");
            errors.ThrowIfAny();
            return;
        }

        if (choices.Count > 25)
        {
            errors.MaxLength("data.choices", 25);
        }

        for (var i = 0; i < choices.Count; i++)
        {
            var choice = choices[i] as JsonObject;
            var name = JsonRead.String(choice?["name"]);
            if (name is null || JsonRead.Length(name) is < 1 or > 100)
            {
                errors.Length($"data.choices.{i}.name", 1, 100);
            }

            var value = choice?["value"];
            if (value is null || (!JsonRead.IsNumber(value) && !JsonRead.IsString(value)))
            {
                errors.Required($"data.choices.{i}.value");
            }
            else if (JsonRead.IsString(value) && JsonRead.Length(value.GetValue<string>()) > 100)
            {
                errors.MaxLength($"data.choices.{i}.value", 100);
            }
        }

        errors.ThrowIfAny();
    }

    private JsonObject CallbackResponse(InjectedInteraction interaction, int type, FakeMessage? message)
    {
        var info = new JsonObject { ["id"] = Json.Id(interaction.Id), ["type"] = interaction.Type };
        var resource = new JsonObject { ["type"] = type };
        if (message is not null)
        {
            info["response_message_id"] = Json.Id(message.Id);
            info["response_message_loading"] = message.Loading;
            info["response_message_ephemeral"] = message.Ephemeral;
            resource["message"] = MessageJson.Build(server, message);
        }

        return new JsonObject { ["interaction"] = info, ["resource"] = resource };
    }
}
