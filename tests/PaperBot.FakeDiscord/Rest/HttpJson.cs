using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace PaperBot.FakeDiscord.Rest;

internal static class HttpJson
{
    public static async Task WriteAsync(HttpContext http, int status, JsonNode? body, CancellationToken ct)
    {
        http.Response.StatusCode = status;
        if (body is null)
        {
            return;
        }

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), ct);
    }
}
