using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// A feature's slash commands, autocomplete and buttons/selects. How a feature adds one:
/// <list type="number">
/// <item>Write a sealed class implementing this interface (its constructor may take scoped services: one
/// instance lives for one interaction, in a fresh DI scope).</item>
/// <item>List the top-level commands it owns in <see cref="Definitions"/> (e.g. <c>/digest</c> with its
/// subcommands) and the custom_id prefixes of its components in <see cref="ComponentPrefixes"/> (e.g.
/// <c>"library:"</c>); the longest matching prefix wins.</item>
/// <item>Register it in the feature's <c>AddXxx()</c>: <c>services.AddCommandModule&lt;MyCommands&gt;()</c>.</item>
/// </list>
/// Handlers answer through the <see cref="InteractionContext"/> (<c>RespondAsync</c>, <c>UpdateMessageAsync</c>,
/// <c>AutocompleteAsync</c>, ...). The framework takes care of the 3 s deadline (auto-defer), allowed_mentions,
/// Discord's length limits, and of turning exceptions into a polite ephemeral error; throw
/// <see cref="CommandInputException"/> for bad input the user can fix. The same handler serves Discord and
/// the local shell.
/// </summary>
public interface ICommandModule
{
    /// <summary>Top-level chat-input commands this module owns, registered with Discord at start-up.</summary>
    IReadOnlyList<ApplicationCommand> Definitions { get; }

    /// <summary>custom_id prefixes of the components this module handles.</summary>
    IReadOnlyList<string> ComponentPrefixes { get; }

    /// <summary>A slash command named in <see cref="Definitions"/>; <see cref="InteractionContext.Subcommand"/> says which.</summary>
    Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken);

    /// <summary>Autocomplete for one of the module's options; <see cref="InteractionContext.Focused"/> is the option typed into.</summary>
    Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken);

    /// <summary>A button or select whose custom_id starts with one of <see cref="ComponentPrefixes"/>.</summary>
    Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken);
}

/// <summary>Thrown by a handler for input the user can fix; the message is shown to them, ephemerally, as is.</summary>
public sealed class CommandInputException : Exception
{
    public CommandInputException()
        : this("That input is not valid.")
    {
    }

    public CommandInputException(string message)
        : base(message)
    {
    }

    public CommandInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
