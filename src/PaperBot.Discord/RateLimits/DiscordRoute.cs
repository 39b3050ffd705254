using System.Globalization;

namespace PaperBot.Discord.RateLimits;

public enum DiscordRouteKind
{
    /// <summary>Authenticated with the bot token; counts against the global limit.</summary>
    Bot,

    /// <summary>Authenticated by the interaction token in the path (followups, @original).</summary>
    Webhook,

    /// <summary>The initial interaction callback: token in the path, not bound to the global limit.</summary>
    InteractionCallback,
}

/// <summary>
/// One REST call: the template (what is logged and keys the rate limit) and the concrete path (which may
/// hold an interaction token, so it is never logged).
/// </summary>
public sealed record DiscordRoute(HttpMethod Method, string Template, string Path, string MajorParameter, DiscordRouteKind Kind)
{
    /// <summary>Identifies the route regardless of its top-level resource, e.g. <c>POST /channels/{channel_id}/messages</c>.</summary>
    public string RouteKey => $"{Method.Method} {Template}";

    /// <summary>
    /// Whether sending this call again after its answer was lost cannot repeat its effect. Every call is, but
    /// a followup (executing the interaction webhook): Discord takes no nonce there, so a second attempt
    /// after a timeout would post the message twice. Channel messages carry an enforced nonce instead.
    /// </summary>
    public bool IsReplaySafe => !(Kind == DiscordRouteKind.Webhook && Method == HttpMethod.Post);

    public override string ToString() => RouteKey;

    public static DiscordRoute Bot(HttpMethod method, string template, string path, ulong majorParameter = 0)
        => new(method, template, path, majorParameter.ToString(CultureInfo.InvariantCulture), DiscordRouteKind.Bot);

    public static DiscordRoute Webhook(HttpMethod method, string template, string path, ulong applicationId, string token)
        => new(method, template, path, MajorForToken(applicationId, token), DiscordRouteKind.Webhook);

    public static DiscordRoute Callback(string path, ulong interactionId)
        => new(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback", path,
            interactionId.ToString(CultureInfo.InvariantCulture), DiscordRouteKind.InteractionCallback);

    // Webhook buckets are per webhook id + token; a hash keeps the secret token out of bucket keys.
    private static string MajorForToken(ulong id, string token)
        => string.Create(CultureInfo.InvariantCulture, $"{id}:{StringComparer.Ordinal.GetHashCode(token):x8}");
}
