using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PaperBot.FakeDiscord.Rest;

/// <summary>Serves stored attachments at the url a message reports (/attachments/{channel}/{attachment}/{filename}), as Discord's CDN does.</summary>
internal static class AttachmentCdn
{
    public static async Task HandleAsync(FakeDiscordServer server, HttpContext http, CancellationToken ct)
    {
        var segments = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        FakeAttachment? found = null;
        if (segments.Length == 4
            && ulong.TryParse(segments[1], NumberStyles.None, CultureInfo.InvariantCulture, out var channelId)
            && ulong.TryParse(segments[2], NumberStyles.None, CultureInfo.InvariantCulture, out var attachmentId))
        {
            found = server.AllMessages
                .Where(m => m.ChannelId == channelId)
                .SelectMany(m => m.Attachments)
                .FirstOrDefault(a => a.Id == attachmentId && a.FileName == Uri.UnescapeDataString(segments[3]));
        }

        if (found is null)
        {
            http.Response.StatusCode = 404;
            return;
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = found.ContentType;
        http.Response.ContentLength = found.Content.Length;
        await http.Response.Body.WriteAsync(found.Content, ct);
    }
}
