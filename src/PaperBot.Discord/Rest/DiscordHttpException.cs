using System.Net;
using System.Text.Json;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Rest;

/// <summary>
/// Discord refused a request (a 4xx other than a waited-out 429, or a 5xx/network failure after the last retry).
/// The message names the route template, never the concrete URL, which may carry an interaction token.
/// </summary>
public sealed class DiscordHttpException : Exception
{
    public DiscordHttpException()
        : this("Discord request failed.")
    {
    }

    public DiscordHttpException(string message)
        : this(message, null)
    {
    }

    public DiscordHttpException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Route = "";
        DiscordMessage = "";
        FieldErrors = [];
    }

    internal DiscordHttpException(string route, HttpStatusCode? status, int code, string discordMessage, IReadOnlyList<string> fieldErrors, Exception? inner = null)
        : base(Describe(route, status, code, discordMessage, fieldErrors), inner)
    {
        Route = route;
        StatusCode = status;
        Code = code;
        DiscordMessage = discordMessage;
        FieldErrors = fieldErrors;
    }

    /// <summary>The route template, e.g. <c>POST /channels/{channel_id}/messages</c>.</summary>
    public string Route { get; }

    /// <summary>Null when no response arrived (network error or timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Discord's JSON error code (e.g. 10003 Unknown Channel, 50013 Missing Permissions); 0 when absent.</summary>
    public int Code { get; }

    public string DiscordMessage { get; }

    /// <summary>For 50035 Invalid Form Body: one "path: message" string per rejected field.</summary>
    public IReadOnlyList<string> FieldErrors { get; }

    /// <summary>
    /// The request may have reached Discord and taken effect: its answer was lost, and the call was not
    /// sent again because a second attempt could repeat it (see <see cref="RateLimits.DiscordRoute.IsReplaySafe"/>).
    /// </summary>
    public bool OutcomeUnknown { get; init; }

    internal static DiscordHttpException FromResponse(string route, HttpStatusCode status, ReadOnlySpan<byte> body, bool outcomeUnknown = false)
    {
        DiscordErrorBody? error = null;
        try
        {
            error = body.IsEmpty ? null : JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy: the status code is all there is.
        }

        var fieldErrors = error?.Errors is { } errors ? DiscordErrorFlattener.Flatten(errors) : [];
        return new DiscordHttpException(route, status, error?.Code ?? 0, error?.Message ?? status.ToString(), fieldErrors) { OutcomeUnknown = outcomeUnknown };
    }

    private static string Describe(string route, HttpStatusCode? status, int code, string message, IReadOnlyList<string> fieldErrors)
    {
        var head = status is { } s
            ? $"Discord answered {(int)s} ({code} {message}) to {route}"
            : $"Discord request {route} failed: {message}";
        return fieldErrors.Count == 0 ? head : $"{head}: {string.Join("; ", fieldErrors)}";
    }
}
