using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PaperBot.Discord;
using PaperBot.Discord.Models;
using PaperBot.Discord.RateLimits;
using PaperBot.Discord.Rest;
using PaperBot.Interactions;

namespace PaperBot.Hosting;

internal sealed partial class InteractionWarmUp
{
    /// <summary>
    /// The bot's own interaction responder and REST client, with a rate limiter and metrics of their own, over a local
    /// handler that answers as Discord does: the request is built, rate-limited, serialized and read back as for Discord,
    /// and nothing leaves the process. At READY that path (about 90 methods compiled on first use, measured) had run cold beside
    /// the first users' interactions. The message id Discord's answer names is not passed on: the warm-up's message exists
    /// nowhere, so nothing may record it.
    /// </summary>
    private sealed class LocalRestResponder : IInteractionResponder, IDisposable
    {
        private readonly InteractionWarmUp owner;
        private readonly DiscordRestMetrics metrics = new();
        private readonly HttpClient http = new(new LocalDiscord());
        private readonly DiscordInteractionResponder inner;

        public LocalRestResponder(InteractionWarmUp owner, IOptions<DiscordOptions> options, TimeProvider time)
        {
            this.owner = owner;
            var limiter = new DiscordRateLimiter(options, time, metrics, NullLogger<DiscordRateLimiter>.Instance);
            var rest = new DiscordRestClient(http, options, limiter, metrics, time, NullLogger<DiscordRestClient>.Instance);
            inner = new DiscordInteractionResponder(rest, NullLogger<DiscordInteractionResponder>.Instance);
        }

        /// <summary>The warm-up runs only search and autocomplete, which attach no files.</summary>
        public bool SupportsFiles => false;

        /// <summary>The warm-up runs only search and autocomplete, which post nothing besides their answer.</summary>
        public IChannelMessenger Channels => NoChannels.Instance;

        public async Task CallbackAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
        {
            var before = metrics.RequestsSent;
            await inner.CallbackAsync(interaction, response, files, cancellationToken).ConfigureAwait(false);
            Count(before, response.Data?.Flags);
        }

        public async Task<ulong?> CallbackAsMessageAsync(Interaction interaction, InteractionResponse response, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
        {
            var before = metrics.RequestsSent;
            _ = await inner.CallbackAsMessageAsync(interaction, response, files, cancellationToken).ConfigureAwait(false);
            Count(before, response.Data?.Flags);
            return null;
        }

        public async Task<Message?> EditOriginalAsync(Interaction interaction, MessageEdit edit, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
        {
            var before = metrics.RequestsSent;
            _ = await inner.EditOriginalAsync(interaction, edit, files, cancellationToken).ConfigureAwait(false);
            Count(before, null);
            return null;
        }

        public Task DeleteOriginalAsync(Interaction interaction, CancellationToken cancellationToken) =>
            inner.DeleteOriginalAsync(interaction, cancellationToken);

        public async Task<Message?> FollowupAsync(Interaction interaction, MessageCreate message, IReadOnlyList<DiscordFile> files, CancellationToken cancellationToken)
        {
            var before = metrics.RequestsSent;
            _ = await inner.FollowupAsync(interaction, message, files, cancellationToken).ConfigureAwait(false);
            Count(before, message.Flags);
            return null;
        }

        public void Dispose()
        {
            http.Dispose();
            metrics.Dispose();
        }

        private void Count(long requestsBefore, MessageFlags? flags)
        {
            // Before the reply itself, so that a reader of Replies then RestReplies never sees fewer of the second.
            if (metrics.RequestsSent > requestsBefore)
            {
                Interlocked.Increment(ref owner.restReplies);
            }

            Interlocked.Increment(ref owner.replies);
            if (flags is { } set && set.HasFlag(MessageFlags.Ephemeral))
            {
                Interlocked.Increment(ref owner.privateReplies);
            }
        }
    }

    /// <summary>
    /// Answers the REST client as Discord does, without a network: a callback with <c>?with_response=true</c> gets the
    /// interaction callback response naming the message it created, other callbacks and deletions 204, message edits
    /// and followups the message; every answer carries a route bucket's <c>X-RateLimit-*</c> headers.
    /// </summary>
    private sealed class LocalDiscord : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // Completes later, as a request over the network does, so every await on the way (the client's, the
            // responder's, the command's) takes its asynchronous path: each async method's first await that does not
            // complete at once compiles its own code (its state machine's box).
            await Task.Yield();
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var uri = request.RequestUri?.ToString() ?? "";
            HttpResponseMessage answer;
            if (uri.Contains("/callback?with_response=true", StringComparison.Ordinal))
            {
                var sent = JsonSerializer.Deserialize(body, DiscordJsonContext.Default.InteractionResponse);
                var created = new InteractionCallbackResponse
                {
                    Interaction = new InteractionCallback { Id = 1, Type = (int)InteractionType.ApplicationCommand, ResponseMessageId = 1 },
                    Resource = new InteractionCallbackResource
                    {
                        Type = sent?.Type ?? InteractionCallbackType.ChannelMessageWithSource,
                        // The message as Discord describes it: its flags and who triggered it come back too, and the
                        // client's reader for them was otherwise first compiled at READY.
                        Message = new Message
                        {
                            Id = 1,
                            ChannelId = 1,
                            Author = new User { Id = 1, Username = "warm-up" },
                            Timestamp = DateTimeOffset.UnixEpoch,
                            Content = sent?.Data?.Content,
                            Embeds = sent?.Data?.Embeds,
                            Components = sent?.Data?.Components,
                            Flags = sent?.Data?.Flags ?? MessageFlags.None,
                            WebhookId = 1,
                            InteractionMetadata = new MessageInteractionMetadata { Id = 1, Type = InteractionType.ApplicationCommand, User = new User { Id = 1, Username = "warm-up" } },
                        },
                    },
                };
                answer = Json(JsonSerializer.SerializeToUtf8Bytes(created, DiscordJsonContext.Default.InteractionCallbackResponse));
            }
            else if ((request.Method == HttpMethod.Post && uri.Contains("/callback", StringComparison.Ordinal)) || request.Method == HttpMethod.Delete)
            {
                answer = new HttpResponseMessage(HttpStatusCode.NoContent);
            }
            else
            {
                var message = new Message { Id = 1, ChannelId = 1 };
                answer = Json(JsonSerializer.SerializeToUtf8Bytes(message, DiscordJsonContext.Default.Message));
            }

            answer.RequestMessage = request;
            answer.Headers.Add("X-RateLimit-Bucket", "warm-up");
            answer.Headers.Add("X-RateLimit-Limit", "5");
            answer.Headers.Add("X-RateLimit-Remaining", "4");
            answer.Headers.Add("X-RateLimit-Reset-After", "1.000");
            return answer;
        }

        private static HttpResponseMessage Json(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }
    }
}
