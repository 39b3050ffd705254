using System.Buffers;
using System.Text.Json;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Builds the payloads the client sends. They are written by hand with <see cref="Utf8JsonWriter"/> so the
/// token only ever lives in the outgoing bytes: no model object holding it can end up in a log or a debugger view.
/// </summary>
internal static class GatewayPayloads
{
    public const string LibraryName = "PaperBot";

    public static byte[] Heartbeat(long? sequence) => Write(GatewayOpCode.Heartbeat, writer =>
    {
        if (sequence is { } s)
        {
            writer.WriteNumberValue(s);
        }
        else
        {
            writer.WriteNullValue();
        }
    });

    public static byte[] Identify(string token, int intents, int shardId, int shardCount) =>
        Write(GatewayOpCode.Identify, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteNumber("intents", intents);
            writer.WriteStartObject("properties");
            writer.WriteString("os", OsName());
            writer.WriteString("browser", LibraryName);
            writer.WriteString("device", LibraryName);
            writer.WriteEndObject();
            if (shardCount > 1)
            {
                writer.WriteStartArray("shard");
                writer.WriteNumberValue(shardId);
                writer.WriteNumberValue(shardCount);
                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        });

    public static byte[] Resume(string token, string sessionId, long? sequence) => Write(GatewayOpCode.Resume, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("token", token);
        writer.WriteString("session_id", sessionId);
        if (sequence is { } s)
        {
            writer.WriteNumber("seq", s);
        }
        else
        {
            writer.WriteNull("seq");
        }

        writer.WriteEndObject();
    });

    private static byte[] Write(GatewayOpCode op, Action<Utf8JsonWriter> writeData)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", (int)op);
            writer.WritePropertyName("d");
            writeData(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string OsName() =>
        OperatingSystem.IsLinux() ? "linux"
        : OperatingSystem.IsWindows() ? "windows"
        : OperatingSystem.IsMacOS() ? "macos"
        : "unknown";
}
