using System.Globalization;
using System.Text.Json.Nodes;
using PaperBot.FakeDiscord.Validation;

namespace PaperBot.FakeDiscord.Rest;

internal sealed record RestRequest(
    string Method,
    string Path,
    string[] Segments,
    Microsoft.AspNetCore.Http.IQueryCollection Query,
    string Body,
    JsonNode? Json,
    IReadOnlyList<RecordedFile> Files,
    DateTimeOffset Now)
{
    /// <summary>The JSON body as an object, or 50035 naming the body when it is something else.</summary>
    public JsonObject RequireObject()
    {
        if (Json is JsonObject o)
        {
            return o;
        }

        var errors = new FormErrors();
        if (Files.Count > 0 && string.IsNullOrWhiteSpace(Body))
        {
            // A multipart upload whose JSON part (payload_json) is missing.
            errors.Required("payload_json");
            errors.ThrowIfAny();
        }

        errors.Add("_root", "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        errors.ThrowIfAny();
        return [];
    }

    public bool QueryFlag(string name) =>
        Query[name].ToString() is { Length: > 0 } value && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1");
}

internal sealed record RestResult(int Status, JsonNode? Body)
{
    /// <summary>Called with the recorded request once it exists (interaction callbacks complete their task with it).</summary>
    public Action<RecordedRequest>? OnRecorded { get; init; }

    public static RestResult Ok(JsonNode body) => new(200, body);
    public static RestResult NoContent() => new(204, null);
}

internal sealed record Route(string Template, string Major, bool TokenAuth, Func<RestRequest, CancellationToken, Task<RestResult>> Handler)
{
    public static ulong Snowflake(string segment, string field)
    {
        if (ulong.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        var errors = new FormErrors();
        errors.Add(field, "NUMBER_TYPE_COERCE", $"Value \"{segment}\" is not snowflake.");
        errors.ThrowIfAny();
        return 0;
    }
}
