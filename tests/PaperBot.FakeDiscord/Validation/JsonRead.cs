using System.Text.Json;
using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Validation;

internal static class JsonRead
{
    public static bool IsString(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    public static string? String(JsonNode? node) => IsString(node) ? node!.GetValue<string>() : null;

    public static int? Int(JsonNode? node) => node is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    public static long? Long(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var i) ? i : null;

    public static bool IsNumber(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number;

    public static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>Discord counts characters, not UTF-16 units: an emoji outside the BMP is one character.</summary>
    public static int Length(string? text) => text is null ? 0 : text.EnumerateRunes().Count();
}
