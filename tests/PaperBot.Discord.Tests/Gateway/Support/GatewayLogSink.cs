using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PaperBot.Discord.Tests.Gateway.Support;

/// <summary>Keeps every formatted log line (with exception text) so tests can look for a leaked token.</summary>
public sealed class GatewayLogSink<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue($"{logLevel} {eventId.Id} {formatter(state, exception)} {exception}");
    }
}
