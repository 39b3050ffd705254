using System.Diagnostics;
using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway.Support;

/// <summary>Records every event in delivery order; can be told to throw on one event name.</summary>
public sealed class RecordingHandler : IGatewayEventHandler
{
    private readonly Lock _gate = new();
    private readonly List<GatewayEvent> _events = [];

    public string? ThrowOn { get; set; }

    public IReadOnlyList<GatewayEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The <c>n</c> field of test dispatches named <paramref name="eventName"/>, in delivery order.</summary>
    public IReadOnlyList<int> Numbers(string eventName) =>
        Events.OfType<UnknownDispatchEvent>()
            .Where(e => e.Name == eventName)
            .Select(e => e.Data.GetProperty("n").GetInt32())
            .ToList();

    public ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(gatewayEvent);
        }

        if (gatewayEvent.Name == ThrowOn)
        {
            throw new InvalidOperationException("handler failure for the test");
        }

        return ValueTask.CompletedTask;
    }

    public async Task WaitUntilAsync(Func<IReadOnlyList<GatewayEvent>, bool> condition, string what)
    {
        var started = Stopwatch.GetTimestamp();
        while (!condition(Events))
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(5))
            {
                throw new TimeoutException($"Timed out waiting for {what}. Events: {string.Join(", ", Events.Select(e => $"{e.Name}#{e.Sequence}"))}");
            }

            await Task.Delay(10);
        }
    }
}
