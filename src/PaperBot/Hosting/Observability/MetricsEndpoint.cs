using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// Serves <c>/metrics</c> (Prometheus text, written by prometheus-net) and <c>/health</c> on <c>Metrics:Port</c>
/// with the BCL's HttpListener, so the runtime image needs no ASP.NET Core. Off when the port is 0.
/// </summary>
public sealed partial class MetricsEndpoint(
    IOptions<MetricsOptions> options,
    PrometheusExporter exporter,
    HealthProbe health,
    ILogger<MetricsEndpoint> logger) : BackgroundService
{
    private HttpListener? listener;

    /// <summary>The prefix listened on, once started; null when the endpoint is off.</summary>
    public string? Prefix { get; private set; }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.Port == 0)
        {
            return Task.CompletedTask;
        }

        // HttpListener spells "every address" as +; a specific address is used as given.
        var host = settings.BindAddress is "0.0.0.0" or "::" ? "+" : settings.BindAddress;
        Prefix = $"http://{host}:{settings.Port}/";
        listener = new HttpListener();
        listener.Prefixes.Add(Prefix);
        listener.Start();
        Log.Listening(logger, Prefix);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Close, not Stop: after Stop, the Close in Dispose would remove the listener a second time, which on Unix
        // binds the port again for a moment (and throws if another process has taken it since).
        listener?.Close();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        listener?.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (listener is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException) when (stoppingToken.IsCancellationRequested || !listener.IsListening)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            try
            {
                await AnswerAsync(context, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException)
            {
                Log.ResponseFailed(logger, ex.Message);
            }
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        using var response = context.Response;
        if (context.Request.Url?.AbsolutePath == "/metrics")
        {
            response.StatusCode = 200;
            response.ContentType = PrometheusExporter.ContentType;
            await exporter.WriteAsync(response.OutputStream, cancellationToken).ConfigureAwait(false);
            return;
        }

        var (status, contentType, body) = context.Request.Url?.AbsolutePath switch
        {
            "/health" => await HealthAsync(cancellationToken).ConfigureAwait(false),
            _ => (404, "text/plain; charset=utf-8", "not found\n"),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int, string, string)> HealthAsync(CancellationToken cancellationToken)
    {
        var problem = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
        return problem is null
            ? (200, "text/plain; charset=utf-8", "healthy\n")
            : (503, "text/plain; charset=utf-8", $"unhealthy: {problem}\n");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "Metrics and health endpoint listening on {Prefix}")]
        public static partial void Listening(ILogger logger, string prefix);

        [LoggerMessage(EventId = 9302, Level = LogLevel.Debug, Message = "Metrics endpoint could not answer a request: {Reason}")]
        public static partial void ResponseFailed(ILogger logger, string reason);
    }
}
