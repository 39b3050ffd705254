namespace PaperBot.Interactions;

/// <summary>Section <c>Commands</c>: timings of the interaction framework.</summary>
public sealed class CommandOptions
{
    public const string SectionName = "Commands";

    /// <summary>
    /// A handler that has not answered by then is deferred automatically (Discord drops an interaction not
    /// answered within 3 s); autocomplete then gets an empty list.
    /// </summary>
    public TimeSpan AutoDeferAfter { get; set; } = TimeSpan.FromMilliseconds(1500);

    /// <summary>How long a paged search stays available to its ◀ ▶ buttons when its query is too long to travel in the custom_id.</summary>
    public TimeSpan SearchHandleLifetime { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Seams for tests: a delay before each handler runs, to drive the auto-defer path.</summary>
public sealed class CommandHooks
{
    public Func<InteractionContext, CancellationToken, Task>? BeforeHandler { get; set; }
}
