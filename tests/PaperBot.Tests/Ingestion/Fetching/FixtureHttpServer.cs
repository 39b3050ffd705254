using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaperBot.Tests.Ingestion.Fetching;

/// <summary>Serves recorded source responses on a loopback port (HttpListener) and records every request.</summary>
public sealed class FixtureHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerRequest, FixtureResponse> _handler;
    private readonly Task _loop;

    public FixtureHttpServer(Func<HttpListenerRequest, FixtureResponse> handler)
    {
        _handler = handler;
        // A free port can be taken between finding it and listening on it (by another test's connection, for
        // one): try another.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                BaseUrl = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    public ConcurrentQueue<Uri> Requests { get; } = new();

    public IReadOnlyList<Uri> RequestsTo(string path) => [.. Requests.Where(u => u.AbsolutePath == path)];

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Requests.Enqueue(context.Request.Url!);
            FixtureResponse response;
            try
            {
                response = _handler(context.Request);
            }
            catch (Exception ex)
            {
                response = new FixtureResponse(500, "text/plain", ex.Message);
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            context.Response.ContentLength64 = bytes.Length;
            try
            {
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (HttpListenerException)
            {
                // The client gave up (a timeout test); nothing to do.
            }
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        // Close alone: on Unix, Stop() then Close() removes the listener twice, and the second removal binds the port
        // again, which throws "Address already in use" when another test has taken the port in between.
        _listener.Close();
        await _loop;
    }
}

public sealed record FixtureResponse(int Status, string ContentType, string Body)
{
    public static FixtureResponse Json(string body) => new(200, "application/json; charset=utf-8", body);

    public static FixtureResponse Atom(string body) => new(200, "application/atom+xml; charset=utf-8", body);

    public static FixtureResponse Error(int status = 500) => new(status, "text/plain", "upstream failure");
}
