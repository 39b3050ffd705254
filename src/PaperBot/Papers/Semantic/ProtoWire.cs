namespace PaperBot.Papers.Semantic;

/// <summary>
/// One field of a Protocol Buffers message as it lies in the bytes: its number and wire type, its value (a varint),
/// or where its payload is (a length-delimited field); offsets count from the start of the whole buffer.
/// </summary>
internal readonly record struct ProtoField(int Number, int WireType, ulong Value, int Start, int End, int PayloadStart, int PayloadLength)
{
    public const int Varint = 0;
    public const int LengthDelimited = 2;

    public bool IsMessage => WireType == LengthDelimited;
}

/// <summary>
/// Reads the fields of one Protocol Buffers message in order, without a schema: as much of the wire format
/// (protobuf.dev, "Encoding") as rewriting an ONNX model needs (<see cref="ModelQuantizer"/>). Groups (wire types 3
/// and 4, long deprecated and never used by ONNX) are refused.
/// </summary>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly int end;
    private int position;

    /// <summary>The message that lies in <paramref name="data"/> from <paramref name="start"/>, <paramref name="length"/> bytes long.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, int start, int length)
    {
        if (start < 0 || length < 0 || start > data.Length - length)
        {
            throw new InvalidDataException("A message reaches past the end of the file.");
        }

        this.data = data;
        position = start;
        end = start + length;
    }

    public readonly bool AtEnd => position >= end;

    public ProtoField Next()
    {
        var start = position;
        var key = ReadVarint();
        var number = (int)(key >> 3);
        var wireType = (int)(key & 7);
        if (number == 0)
        {
            throw new InvalidDataException($"A field numbered 0 at byte {start}: not a Protocol Buffers message.");
        }

        ulong value = 0;
        int payloadStart = 0, payloadLength = 0;
        switch (wireType)
        {
            case ProtoField.Varint:
                value = ReadVarint();
                break;
            case 1:
                Skip(8);
                break;
            case 5:
                Skip(4);
                break;
            case ProtoField.LengthDelimited:
                var length = ReadVarint();
                if (length > (ulong)(end - position))
                {
                    throw new InvalidDataException($"A field at byte {start} is longer than what holds it.");
                }

                payloadStart = position;
                payloadLength = (int)length;
                position += payloadLength;
                break;
            default:
                throw new InvalidDataException($"Wire type {wireType} at byte {start} is not one an ONNX model uses.");
        }

        return new ProtoField(number, wireType, value, start, position, payloadStart, payloadLength);
    }

    /// <summary>The payload of a length-delimited field as text (UTF-8).</summary>
    public readonly string Text(ProtoField field) =>
        System.Text.Encoding.UTF8.GetString(data.Slice(field.PayloadStart, field.PayloadLength));

    private void Skip(int count)
    {
        if (count > end - position)
        {
            throw new InvalidDataException("A field reaches past the end of its message.");
        }

        position += count;
    }

    /// <summary>A varint at the current position (the next number of a packed list, or a field's key).</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= end)
            {
                throw new InvalidDataException("A number is cut off at the end of its message.");
            }

            var b = data[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw new InvalidDataException("A number is longer than ten bytes.");
    }
}

/// <summary>Writes Protocol Buffers fields (the counterpart of <see cref="ProtoReader"/>).</summary>
internal static class ProtoWriter
{
    public static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>The size of a length-delimited field whose payload is <paramref name="payloadLength"/> bytes.</summary>
    public static long FieldSize(int number, long payloadLength) =>
        VarintSize(((ulong)number << 3) | ProtoField.LengthDelimited) + VarintSize((ulong)payloadLength) + payloadLength;

    public static void WriteVarint(Stream target, ulong value)
    {
        Span<byte> buffer = stackalloc byte[10];
        var n = 0;
        while (value >= 0x80)
        {
            buffer[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        buffer[n++] = (byte)value;
        target.Write(buffer[..n]);
    }

    /// <summary>The key and length of a length-delimited field; its payload follows.</summary>
    public static void WriteHeader(Stream target, int number, long payloadLength)
    {
        WriteVarint(target, ((ulong)number << 3) | ProtoField.LengthDelimited);
        WriteVarint(target, (ulong)payloadLength);
    }

    public static void WriteBytes(Stream target, int number, ReadOnlySpan<byte> payload)
    {
        WriteHeader(target, number, payload.Length);
        target.Write(payload);
    }

    public static void WriteText(Stream target, int number, string text) =>
        WriteBytes(target, number, System.Text.Encoding.UTF8.GetBytes(text));

    public static void WriteNumber(Stream target, int number, long value)
    {
        WriteVarint(target, (ulong)number << 3);
        WriteVarint(target, (ulong)value);
    }
}
