using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using PaperBot.Discord.Models;
using PaperBot.Discord.RateLimits;

namespace PaperBot.Discord.Rest;

public sealed partial class DiscordRestClient
{
    private const int TooManyRequests = 429;

    // "Interaction has already been acknowledged."
    private const int InteractionAlreadyAcknowledged = 40060;

    internal static readonly string UserAgent = $"DiscordBot (https://github.com/paperbot/paperbot, {LibraryVersion()})";

    private async Task<T> SendJsonAsync<T>(DiscordRoute route, Func<HttpContent>? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var body = await SendAsync(route, content, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, typeInfo)
                ?? throw new JsonException("Discord answered with an empty body.");
        }
        catch (JsonException ex)
        {
            throw new DiscordHttpException(route.RouteKey, HttpStatusCode.OK, 0, "Unreadable response body: " + ex.Message, [], ex);
        }
    }

    /// <summary>Sends with rate limiting and retries; returns the body of the successful response.</summary>
    private async Task<byte[]> SendAsync(DiscordRoute route, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        var failures = 0;
        var rateLimits = 0;
        var backoff = TimeSpan.Zero;
        while (true)
        {
            if (backoff > TimeSpan.Zero)
            {
                await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
            }

            using var lease = await _limiter.AcquireAsync(route, cancellationToken).ConfigureAwait(false);
            if (failures + rateLimits > 0)
            {
                _metrics.Retried();
            }

            HttpStatusCode status;
            byte[] body;
            RateLimitHeaders headers;
            using (var request = BuildRequest(route, content))
            using (var attempt = new CancellationTokenSource(_options.RequestTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token))
            {
                try
                {
                    _metrics.RequestSent();
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
                    status = response.StatusCode;
                    headers = RateLimitHeaders.Parse(response.Headers);
                    body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsTransient(ex, cancellationToken))
                {
                    lease.Complete(null);
                    var reason = ex is OperationCanceledException ? "timed out" : "network error";
                    if (!route.IsReplaySafe && MayHaveArrived(ex))
                    {
                        Log.NotReplayed(_logger, route.RouteKey, reason);
                        throw new DiscordHttpException(route.RouteKey, null, 0, $"{reason}; not sent again, since Discord may already have taken it", [], ex)
                        {
                            OutcomeUnknown = true,
                        };
                    }

                    if (++failures > _options.MaxRetries)
                    {
                        Log.GaveUp(_logger, route.RouteKey, failures, reason);
                        throw new DiscordHttpException(route.RouteKey, null, 0, $"{reason} after {failures} attempts", [], ex);
                    }

                    backoff = Backoff(failures);
                    Log.Retrying(_logger, route.RouteKey, reason, failures, backoff.TotalMilliseconds);
                    continue;
                }
            }

            Log.Sent(_logger, route.Method.Method, route.Template, (int)status);
            if ((int)status == TooManyRequests)
            {
                var retryAfter = RetryAfter(body, headers, out var global);
                _metrics.TooManyRequests(global, headers.IsShared);
                lease.RateLimited(headers, retryAfter, global);
                if (++rateLimits > _options.MaxRateLimitRetries)
                {
                    throw DiscordHttpException.FromResponse(route.RouteKey, status, body);
                }

                Log.RateLimited(_logger, route.RouteKey, retryAfter.TotalMilliseconds, global, headers.Scope ?? "");
                continue;
            }

            lease.Complete(headers, (int)status);
            if (status == HttpStatusCode.Unauthorized && route.Kind == DiscordRouteKind.Bot)
            {
                _limiter.RejectToken(route.RouteKey);
            }

            if ((int)status >= 500)
            {
                if (!route.IsReplaySafe && !NotProcessed(status))
                {
                    // Any 5xx but 502 may come after Discord acted on the call.
                    Log.NotReplayed(_logger, route.RouteKey, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    throw DiscordHttpException.FromResponse(route.RouteKey, status, body, outcomeUnknown: true);
                }

                if (++failures > _options.MaxRetries)
                {
                    Log.GaveUp(_logger, route.RouteKey, failures, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    throw DiscordHttpException.FromResponse(route.RouteKey, status, body);
                }

                backoff = Backoff(failures);
                Log.Retrying(_logger, route.RouteKey, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), failures, backoff.TotalMilliseconds);
                continue;
            }

            if ((int)status >= 400)
            {
                var error = DiscordHttpException.FromResponse(route.RouteKey, status, body);
                if (failures > 0 && FoundEarlierAttemptsEffect(route, status, error.Code))
                {
                    // An earlier attempt timed out or lost its connection after Discord had taken it: the
                    // interaction is answered, or the message is gone, which is what this call was for.
                    Log.EarlierAttemptTookEffect(_logger, route.RouteKey, failures);
                    return [];
                }

                Log.Rejected(_logger, route.RouteKey, (int)status, error.Code, error.DiscordMessage);
                throw error;
            }

            return body;
        }
    }

    private HttpRequestMessage BuildRequest(DiscordRoute route, Func<HttpContent>? content)
    {
        var request = new HttpRequestMessage(route.Method, _baseUrl + route.Path)
        {
            Content = content?.Invoke(),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (route.Kind == DiscordRouteKind.Bot)
        {
            // Webhook and callback routes authenticate by the interaction token in the path.
            var token = _token.Value
                ?? throw new InvalidOperationException($"No bot token: set {DiscordOptions.SectionName}:Token or {DiscordOptions.SectionName}:TokenFile.");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", token);
        }

        return request;
    }

    private static bool FoundEarlierAttemptsEffect(DiscordRoute route, HttpStatusCode status, int code) =>
        (route.Kind == DiscordRouteKind.InteractionCallback && code == InteractionAlreadyAcknowledged)
        || (route.Method == HttpMethod.Delete && status == HttpStatusCode.NotFound);

    /// <summary>
    /// False only when the request certainly never left: no connection could be made. A timeout or a
    /// connection lost mid-request may come after Discord has acted on it.
    /// </summary>
    private static bool MayHaveArrived(Exception ex)
        => ex is not HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };

    // Discord documents 502 as "there was not a gateway available to process your request. Wait a bit and
    // retry": nothing was done. Any other 5xx ("an error processing your request") may come after the work.
    private static bool NotProcessed(HttpStatusCode status) => status == HttpStatusCode.BadGateway;

    private static bool IsTransient(Exception ex, CancellationToken cancellationToken)
        => ex is HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    // Exponential with full jitter on top, so many clients failing together do not retry in lockstep.
    private TimeSpan Backoff(int failures)
    {
        var baseDelay = _options.RetryBaseDelay * Math.Pow(2, failures - 1);
        return baseDelay + (_options.RetryBaseDelay * Random.Shared.NextDouble());
    }

    private static TimeSpan RetryAfter(byte[] body, RateLimitHeaders headers, out bool global)
    {
        DiscordErrorBody? error = null;
        try
        {
            error = body.Length == 0 ? null : JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            // Cloudflare's 429 page is HTML; the headers still tell how long to wait.
        }

        global = headers.Global || error?.Global == true;
        var seconds = error?.RetryAfter;
        return seconds is > 0 && double.IsFinite(seconds.Value)
            ? TimeSpan.FromSeconds(seconds.Value)
            : headers.RetryAfter ?? headers.ResetAfter ?? TimeSpan.FromSeconds(1);
    }

    private static string LibraryVersion()
    {
        var version = typeof(DiscordRestClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Discord {Method} {Route} answered {Status}")]
        public static partial void Sent(ILogger logger, string method, string route, int status);

        [LoggerMessage(EventId = 9002, Level = LogLevel.Warning, Message = "Discord rate limited {Route}: retrying in {RetryAfterMs:0} ms (global: {Global}, scope: {Scope})")]
        public static partial void RateLimited(ILogger logger, string route, double retryAfterMs, bool global, string scope);

        [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Discord {Route} failed ({Reason}), attempt {Attempt}: retrying in {DelayMs:0} ms")]
        public static partial void Retrying(ILogger logger, string route, string reason, int attempt, double delayMs);

        [LoggerMessage(EventId = 9004, Level = LogLevel.Error, Message = "Discord {Route} failed {Attempts} times ({Reason}); giving up")]
        public static partial void GaveUp(ILogger logger, string route, int attempts, string reason);

        [LoggerMessage(EventId = 9005, Level = LogLevel.Warning, Message = "Discord rejected {Route} with {Status} ({Code} {DiscordMessage})")]
        public static partial void Rejected(ILogger logger, string route, int status, int code, string discordMessage);

        [LoggerMessage(EventId = 9007, Level = LogLevel.Warning, Message = "Discord {Route} failed ({Reason}) after it may have been taken; not sent again, so it cannot post twice")]
        public static partial void NotReplayed(ILogger logger, string route, string reason);

        [LoggerMessage(EventId = 9006, Level = LogLevel.Information, Message = "Discord {Route}: an attempt that failed on our side had already taken effect ({Failures} failed); done")]
        public static partial void EarlierAttemptTookEffect(ILogger logger, string route, int failures);
    }
}
