using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewayMessageReaderTests
{
    [Fact]
    public async Task ReadAsync_MessageSplitAcrossFrames_ReturnsWholeMessage()
    {
        await using var pair = await WebSocketPair.ConnectAsync();
        var big = "{\"op\":0,\"d\":\"" + new string('x', 100_000) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(big);

        var send = SendInFramesAsync(pair.Server, bytes, frameSize: 7_000);
        using var reader = new GatewayMessageReader(maxMessageBytes: 1024 * 1024);
        var message = await reader.ReadAsync(pair.Client, CancellationToken.None);
        await send;

        Assert.NotNull(message);
        Assert.Equal(big, Encoding.UTF8.GetString(message.Value.Span));
    }

    [Fact]
    public async Task ReadAsync_SeveralMessages_ReturnsEachInTurn()
    {
        await using var pair = await WebSocketPair.ConnectAsync();
        using var reader = new GatewayMessageReader(maxMessageBytes: 1024 * 1024);

        foreach (var text in new[] { "{\"op\":11}", "{\"op\":1,\"d\":null}" })
        {
            await pair.Server.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            var message = await reader.ReadAsync(pair.Client, CancellationToken.None);
            Assert.Equal(text, Encoding.UTF8.GetString(message!.Value.Span));
        }
    }

    [Fact]
    public async Task ReadAsync_CloseFrame_ReturnsNullWithCode()
    {
        await using var pair = await WebSocketPair.ConnectAsync();
        using var reader = new GatewayMessageReader(maxMessageBytes: 4096);

        await pair.Server.CloseOutputAsync((WebSocketCloseStatus)4004, "Authentication failed.", CancellationToken.None);
        var message = await reader.ReadAsync(pair.Client, CancellationToken.None);

        Assert.Null(message);
        Assert.Equal(4004, (int?)pair.Client.CloseStatus);
    }

    [Fact]
    public async Task ReadAsync_OverLimit_Throws()
    {
        await using var pair = await WebSocketPair.ConnectAsync();
        using var reader = new GatewayMessageReader(maxMessageBytes: 32 * 1024);

        var send = SendInFramesAsync(pair.Server, new byte[100_000], frameSize: 10_000);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.ReadAsync(pair.Client, CancellationToken.None));
        pair.Client.Abort();

        // The sender may or may not notice the abort, depending on socket buffers; only the reader matters here.
        await Record.ExceptionAsync(() => send);
    }

    private static async Task SendInFramesAsync(WebSocket socket, byte[] bytes, int frameSize)
    {
        for (var offset = 0; offset < bytes.Length; offset += frameSize)
        {
            var count = Math.Min(frameSize, bytes.Length - offset);
            await socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count == bytes.Length, CancellationToken.None);
        }
    }

    /// <summary>Two ends of a real WebSocket over loopback TCP, without an HTTP server.</summary>
    private sealed class WebSocketPair : IAsyncDisposable
    {
        private readonly TcpClient _clientTcp;
        private readonly TcpClient _serverTcp;

        private WebSocketPair(TcpClient clientTcp, TcpClient serverTcp)
        {
            _clientTcp = clientTcp;
            _serverTcp = serverTcp;
            Client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false });
            Server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true });
        }

        public WebSocket Client { get; }

        public WebSocket Server { get; }

        public static async Task<WebSocketPair> ConnectAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try
            {
                var client = new TcpClient();
                var accept = listener.AcceptTcpClientAsync();
                await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
                return new WebSocketPair(client, await accept);
            }
            finally
            {
                listener.Stop();
            }
        }

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            _clientTcp.Dispose();
            _serverTcp.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
