namespace PaperBot.Discord.Tests.Gateway.Support;

/// <summary>A jitter source that always yields the same value, so heartbeat timing is predictable.</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
