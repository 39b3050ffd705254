using System.Buffers;
using System.Net.WebSockets;

namespace PaperBot.Discord.Gateway;

/// <summary>
/// Reads whole gateway messages, however many frames they span, into one pooled buffer that is reused per
/// connection. The returned memory stays valid until the next read or disposal.
/// </summary>
internal sealed class GatewayMessageReader(int maxMessageBytes) : IDisposable
{
    private const int InitialSize = 16 * 1024;

    // A GUILD_CREATE burst can grow the buffer to megabytes; give that back instead of holding it for days.
    private const int KeepAtMost = 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialSize);

    /// <summary>Returns null when the peer sent a close frame.</summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        if (_buffer.Length > KeepAtMost)
        {
            Replace(InitialSize, 0);
        }

        var count = 0;
        while (true)
        {
            if (count == _buffer.Length)
            {
                if (_buffer.Length >= maxMessageBytes)
                {
                    throw new InvalidDataException($"A gateway message exceeded {maxMessageBytes} bytes.");
                }

                Replace((int)Math.Min((long)_buffer.Length * 2, maxMessageBytes), count);
            }

            var result = await socket.ReceiveAsync(_buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return _buffer.AsMemory(0, count);
            }
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Replace(int size, int keep)
    {
        var next = ArrayPool<byte>.Shared.Rent(size);
        _buffer.AsSpan(0, keep).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
