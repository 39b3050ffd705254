using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;
using PaperBot.Discord.RateLimits;

namespace PaperBot.Discord.Rest;

/// <summary>
/// Discord REST v10. Every payload is checked against Discord's limits before sending; every request goes
/// through the shared <see cref="DiscordRateLimiter"/>; 429s are waited out and 5xx/network errors retried.
/// </summary>
public sealed partial class DiscordRestClient
{
    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly DiscordRateLimiter _limiter;
    private readonly DiscordRestMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordRestClient> _logger;
    private readonly string _baseUrl;
    private readonly Lazy<string?> _token;

    public DiscordRestClient(HttpClient http, IOptions<DiscordOptions> options, DiscordRateLimiter limiter, DiscordRestMetrics metrics, TimeProvider time, ILogger<DiscordRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _limiter = limiter;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _baseUrl = _options.RestBaseUrl.ToString().TrimEnd('/');
        _token = new Lazy<string?>(_options.ResolveToken);
    }

    public DiscordRestMetrics Metrics => _metrics;

    /// <summary>Answers of 401, 403 and non-shared 429 in the last 10 minutes; the client never lets it pass half of Discord's 10,000.</summary>
    public int InvalidRequestCount => _limiter.InvalidRequestCount;

    public Task<GatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken)
        => SendJsonAsync(DiscordRoute.Bot(HttpMethod.Get, "/gateway/bot", "/gateway/bot"), null, DiscordJsonContext.Default.GatewayBot, cancellationToken);

    /// <summary>The bot's own application, whose id the commands are registered under (also READY's <c>application.id</c>).</summary>
    public Task<Application> GetCurrentApplicationAsync(CancellationToken cancellationToken)
        => SendJsonAsync(DiscordRoute.Bot(HttpMethod.Get, "/applications/@me", "/applications/@me"), null, DiscordJsonContext.Default.Application, cancellationToken);

    public Task<User> GetCurrentUserAsync(CancellationToken cancellationToken)
        => SendJsonAsync(DiscordRoute.Bot(HttpMethod.Get, "/users/@me", "/users/@me"), null, DiscordJsonContext.Default.User, cancellationToken);

    public Task<Channel> GetChannelAsync(ulong channelId, CancellationToken cancellationToken)
        => SendJsonAsync(DiscordRoute.Bot(HttpMethod.Get, "/channels/{channel_id}", $"/channels/{channelId}", channelId), null, DiscordJsonContext.Default.Channel, cancellationToken);

    /// <summary>The global commands Discord holds for the application.</summary>
    public Task<IReadOnlyList<ApplicationCommand>> GetGlobalCommandsAsync(ulong applicationId, CancellationToken cancellationToken)
    {
        var route = DiscordRoute.Bot(HttpMethod.Get, "/applications/{application_id}/commands", $"/applications/{applicationId}/commands");
        return SendJsonAsync(route, null, DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken);
    }

    /// <summary>The commands Discord holds for the application on one guild.</summary>
    public Task<IReadOnlyList<ApplicationCommand>> GetGuildCommandsAsync(ulong applicationId, ulong guildId, CancellationToken cancellationToken)
    {
        var route = DiscordRoute.Bot(HttpMethod.Get, "/applications/{application_id}/guilds/{guild_id}/commands", $"/applications/{applicationId}/guilds/{guildId}/commands", guildId);
        return SendJsonAsync(route, null, DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken);
    }

    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGlobalCommandsAsync(ulong applicationId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        PayloadValidator.Validate(commands);
        var route = DiscordRoute.Bot(HttpMethod.Put, "/applications/{application_id}/commands", $"/applications/{applicationId}/commands");
        return SendJsonAsync(route, Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand), DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken);
    }

    public Task<IReadOnlyList<ApplicationCommand>> BulkOverwriteGuildCommandsAsync(ulong applicationId, ulong guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        PayloadValidator.Validate(commands);
        var route = DiscordRoute.Bot(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", $"/applications/{applicationId}/guilds/{guildId}/commands", guildId);
        return SendJsonAsync(route, Json(commands, DiscordJsonContext.Default.IReadOnlyListApplicationCommand), DiscordJsonContext.Default.IReadOnlyListApplicationCommand, cancellationToken);
    }

    /// <summary>The initial answer to an interaction (within 3 s of receiving it).</summary>
    public Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, InteractionResponse response, CancellationToken cancellationToken)
        => CreateInteractionResponseAsync(interactionId, interactionToken, response, [], cancellationToken);

    /// <summary>The initial answer; with files it goes as multipart/form-data (payload_json + files[n]).</summary>
    public Task CreateInteractionResponseAsync(ulong interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
        => SendInteractionResponseAsync(interactionId, interactionToken, response, files, withResponse: false, cancellationToken);

    /// <summary>
    /// The initial answer, asking Discord what it created (<c>?with_response=true</c>): the callback response names
    /// the message the answer became. Null when Discord said nothing of it: a 204 all the same, a retried callback
    /// that found its first attempt already taken (error 40060), whose answer was lost, or a body this client cannot
    /// read. The answer was taken in every case.
    /// </summary>
    public async Task<InteractionCallbackResponse?> CreateInteractionResponseWithResponseAsync(
        ulong interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        var body = await SendInteractionResponseAsync(interactionId, interactionToken, response, files, withResponse: true, cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, DiscordJsonContext.Default.InteractionCallbackResponse);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DiscordRoute CallbackRoute(ulong interactionId, string interactionToken, bool withResponse) =>
        DiscordRoute.Callback($"/interactions/{interactionId}/{Uri.EscapeDataString(interactionToken)}/callback{(withResponse ? "?with_response=true" : "")}", interactionId);

    private async Task<byte[]> SendInteractionResponseAsync(
        ulong interactionId, string interactionToken, InteractionResponse response, IReadOnlyList<DiscordFile> files, bool withResponse, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(files);
        PayloadValidator.Validate(response);
        PayloadValidator.Validate(files);
        if (files.Count > 0 && response.Data is null)
        {
            throw new DiscordPayloadException("files", "Only a response with data (type 4 or 7) can carry files.");
        }

        if (files.Count > 0 && response.Data is { Attachments: null } withoutAttachments)
        {
            response = response with { Data = withoutAttachments with { Attachments = AttachmentsFor(files) } };
        }

        return await SendAsync(CallbackRoute(interactionId, interactionToken, withResponse), Body(response, DiscordJsonContext.Default.InteractionResponse, files), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The original response's message (GET @original).</summary>
    public Task<Message> GetOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        var route = DiscordRoute.Webhook(HttpMethod.Get, "/webhooks/{application_id}/{interaction_token}/messages/@original",
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original", applicationId, interactionToken);
        return SendJsonAsync(route, null, DiscordJsonContext.Default.Message, cancellationToken);
    }

    public Task<Message> EditOriginalResponseAsync(ulong applicationId, string interactionToken, MessageEdit edit, CancellationToken cancellationToken)
        => EditOriginalResponseAsync(applicationId, interactionToken, edit, [], cancellationToken);

    /// <summary>Edits @original; new files are uploaded as multipart and, unless <see cref="MessageEdit.Attachments"/> says otherwise, replace the old ones.</summary>
    public Task<Message> EditOriginalResponseAsync(ulong applicationId, string interactionToken, MessageEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(edit);
        ArgumentNullException.ThrowIfNull(files);
        PayloadValidator.Validate(edit);
        PayloadValidator.Validate(files);
        if (files.Count > 0 && edit.Attachments is null)
        {
            edit = edit with { Attachments = AttachmentsFor(files) };
        }

        var route = DiscordRoute.Webhook(HttpMethod.Patch, "/webhooks/{application_id}/{interaction_token}/messages/@original",
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original", applicationId, interactionToken);
        return SendJsonAsync(route, Body(edit, DiscordJsonContext.Default.MessageEdit, files), DiscordJsonContext.Default.Message, cancellationToken);
    }

    public async Task DeleteOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        var route = DiscordRoute.Webhook(HttpMethod.Delete, "/webhooks/{application_id}/{interaction_token}/messages/@original",
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original", applicationId, interactionToken);
        await SendAsync(route, null, cancellationToken).ConfigureAwait(false);
    }

    public Task<Message> CreateFollowupAsync(ulong applicationId, string interactionToken, MessageCreate message, CancellationToken cancellationToken)
        => CreateFollowupAsync(applicationId, interactionToken, message, [], cancellationToken);

    /// <summary>A followup message; with files it goes as multipart/form-data (payload_json + files[n]).</summary>
    public Task<Message> CreateFollowupAsync(ulong applicationId, string interactionToken, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(interactionToken);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        PayloadValidator.Validate(message, files.Count);
        PayloadValidator.Validate(files);
        var route = DiscordRoute.Webhook(HttpMethod.Post, "/webhooks/{application_id}/{interaction_token}",
            $"/webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}", applicationId, interactionToken);
        return SendJsonAsync(route, Body(WithAttachments(message, files), DiscordJsonContext.Default.MessageCreate, files), DiscordJsonContext.Default.Message, cancellationToken);
    }

    public Task<Message> CreateMessageAsync(ulong channelId, MessageCreate message, CancellationToken cancellationToken)
        => CreateMessageAsync(channelId, message, [], cancellationToken);

    /// <summary>Posts a message; with files it goes as multipart/form-data (payload_json + files[n]).</summary>
    public Task<Message> CreateMessageAsync(ulong channelId, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(files);
        PayloadValidator.Validate(message, files.Count);
        PayloadValidator.Validate(files);

        // A retried create after a timeout must not post twice: Discord drops a repeat of an enforced nonce.
        message = message.Nonce is null
            ? message with { Nonce = Guid.NewGuid().ToString("N")[..25], EnforceNonce = true }
            : message;
        var route = DiscordRoute.Bot(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages", channelId);
        return SendJsonAsync(route, Body(WithAttachments(message, files), DiscordJsonContext.Default.MessageCreate, files), DiscordJsonContext.Default.Message, cancellationToken);
    }

    public Task<Message> EditMessageAsync(ulong channelId, ulong messageId, MessageEdit edit, CancellationToken cancellationToken)
    {
        PayloadValidator.Validate(edit);
        var route = DiscordRoute.Bot(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", $"/channels/{channelId}/messages/{messageId}", channelId);
        return SendJsonAsync(route, Json(edit, DiscordJsonContext.Default.MessageEdit), DiscordJsonContext.Default.Message, cancellationToken);
    }

    /// <summary>Reacts as the bot. <paramref name="emoji"/> is a unicode emoji or <c>name:id</c> for a custom one.</summary>
    public async Task AddOwnReactionAsync(ulong channelId, ulong messageId, string emoji, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(emoji);
        var route = DiscordRoute.Bot(HttpMethod.Put, "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
            $"/channels/{channelId}/messages/{messageId}/reactions/{Uri.EscapeDataString(emoji)}/@me", channelId);
        await SendAsync(route, null, cancellationToken).ConfigureAwait(false);
    }

    public Task AddOwnReactionAsync(ulong channelId, ulong messageId, Emoji emoji, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emoji);
        return AddOwnReactionAsync(channelId, messageId, emoji.ToReactionString(), cancellationToken);
    }

    private static Func<HttpContent> Json<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return () =>
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
            return content;
        };
    }

    /// <summary>JSON without files; otherwise multipart/form-data with the JSON as payload_json and files[n] parts, as every message route takes them.</summary>
    private static Func<HttpContent> Body<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, IReadOnlyList<DiscordFile> files)
    {
        if (files.Count == 0)
        {
            return Json(value, typeInfo);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return () =>
        {
            var form = new MultipartFormDataContent();
            var payloadPart = new ByteArrayContent(json);
            payloadPart.Headers.ContentType = new("application/json");
            form.Add(payloadPart, "payload_json");
            for (var i = 0; i < files.Count; i++)
            {
                var part = new ReadOnlyMemoryContent(files[i].Content);
                part.Headers.ContentType = new(files[i].ContentType);
                form.Add(part, string.Create(CultureInfo.InvariantCulture, $"files[{i}]"), files[i].FileName);
            }

            return form;
        };
    }

    private static MessageCreate WithAttachments(MessageCreate message, IReadOnlyList<DiscordFile> files)
        => files.Count > 0 && message.Attachments is null ? message with { Attachments = AttachmentsFor(files) } : message;

    /// <summary>The payload's attachments array: entry n describes files[n].</summary>
    private static List<AttachmentInfo> AttachmentsFor(IReadOnlyList<DiscordFile> files)
        => [.. files.Select((f, i) => new AttachmentInfo { Id = i, Filename = f.FileName, Description = f.Description })];
}
