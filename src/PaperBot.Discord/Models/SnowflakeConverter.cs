using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PaperBot.Discord.Models;

/// <summary>
/// Snowflakes are 64-bit and overflow JavaScript numbers, so Discord sends them as strings; numbers are
/// still accepted on read because a few payloads (and hand-written test JSON) use them.
/// </summary>
public sealed class SnowflakeConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetUInt64();
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var span = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            if (Utf8Parser.TryParse(span, out ulong value, out var consumed) && consumed == span.Length)
            {
                return value;
            }
        }

        throw new JsonException("Expected a snowflake (a string or number holding an unsigned 64-bit integer).");
    }

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
