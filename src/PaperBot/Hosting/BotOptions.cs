namespace PaperBot.Hosting;

/// <summary>Settings of the <c>Bot</c> section: how the Discord bot starts.</summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>
    /// Answer a search and an autocomplete to itself before the gateway connects (<see cref="InteractionWarmUp"/>),
    /// so the first users after a start do not wait for the JIT. False connects at once (the cold-start
    /// benchmark's "before" figures).
    /// </summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>Give the collector's free memory back to the system when its heap has grown (<see cref="Hosting.MemoryTrim"/>).</summary>
    public bool TrimMemory { get; set; } = true;

    /// <summary>How often <see cref="Hosting.MemoryTrim"/> looks whether the collector's committed memory has grown.</summary>
    public TimeSpan TrimMemoryInterval { get; set; } = TimeSpan.FromSeconds(30);
}
