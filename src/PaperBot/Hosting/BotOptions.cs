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

    /// <summary>
    /// Give memory back to the system when the bot goes quiet after a burst of work (<see cref="IdleMemoryTrim"/>).
    /// </summary>
    public bool IdleTrim { get; set; } = true;

    /// <summary>How often <see cref="IdleMemoryTrim"/> looks whether the bot is quiet and its heap has grown.</summary>
    public TimeSpan IdleTrimInterval { get; set; } = TimeSpan.FromSeconds(30);
}
