using PaperBot.Discord.Models;

namespace PaperBot.Interactions;

/// <summary>
/// One interaction as a handler sees it: who, where, what was typed or pressed, and the ways to answer.
/// Answers always go out with allowed_mentions that allow nothing and fitted to Discord's limits. If the
/// handler has not answered within <see cref="CommandOptions.AutoDeferAfter"/>, the context defers on its own
/// (type 5 for commands, 6 for components) and a later <see cref="RespondAsync"/> edits the deferred message.
/// </summary>
public sealed partial class InteractionContext
{
    private readonly IInteractionResponder _responder;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IReadOnlyList<ApplicationCommandInteractionDataOption> _options;
    private State _state;
    private bool _deferredEphemeral;

    internal InteractionContext(Interaction interaction, IInteractionResponder responder, IServiceProvider services)
    {
        Interaction = interaction;
        _responder = responder;
        Services = services;
        if (interaction.Type is InteractionType.ApplicationCommand or InteractionType.ApplicationCommandAutocomplete)
        {
            var data = interaction.GetCommandData();
            CommandName = data.Name;
            TargetMessage = data.TargetMessage();
            (Group, Subcommand, _options) = data.Resolve();
            Focused = interaction.Type == InteractionType.ApplicationCommandAutocomplete ? data.FindFocused() : null;
        }
        else
        {
            _options = [];
            if (interaction.Type is InteractionType.MessageComponent or InteractionType.ModalSubmit)
            {
                var data = interaction.GetComponentData();
                CustomId = data.CustomId;
                Values = data.Values ?? [];
            }
        }
    }

    private enum State
    {
        None,
        Deferred,
        DeferredUpdate,
        Responded,
    }

    public Interaction Interaction { get; }

    /// <summary>Posting in channels and threads besides the answer (Discord, or the shell's screen).</summary>
    public IChannelMessenger Channels => _responder.Channels;

    /// <summary>The interaction's DI scope.</summary>
    public IServiceProvider Services { get; }

    public ulong UserId => Interaction.InvokingUser?.Id ?? 0;

    public string UserName => Interaction.InvokingUser?.DisplayName ?? "";

    /// <summary>Null in a DM.</summary>
    public ulong? GuildId => Interaction.GuildId;

    public ulong ChannelId => Interaction.ChannelId ?? Interaction.Channel?.Id ?? 0;

    /// <summary>The member's permissions in this channel; none in a DM.</summary>
    public Permissions MemberPermissions => Interaction.Member?.Permissions ?? Permissions.None;

    /// <summary>Top-level command name (<c>paper</c>); null for components.</summary>
    public string? CommandName { get; }

    public string? Group { get; }

    public string? Subcommand { get; }

    /// <summary>"paper search", "paperbot help": the command path as typed, for logs and metrics.</summary>
    public string CommandPath => string.Join(' ', new[] { CommandName, Group, Subcommand }.OfType<string>());

    /// <summary>The option being typed into, for autocomplete.</summary>
    public ApplicationCommandInteractionDataOption? Focused { get; }

    /// <summary>The pressed component's custom_id.</summary>
    public string? CustomId { get; }

    /// <summary>Selected values of a select menu.</summary>
    public IReadOnlyList<string> Values { get; } = [];

    /// <summary>For a message command: the message it was used on (its content arrives whatever the bot's intents).</summary>
    public Message? TargetMessage { get; }

    /// <summary>For components: the message the component is on.</summary>
    public Message? SourceMessage => Interaction.Message;

    /// <summary>Whether an automatic deferral of a slash command is ephemeral; set it early for private commands.</summary>
    public bool DeferEphemeral { get; set; }

    /// <summary>True once something was sent (a deferral counts).</summary>
    public bool HasResponded => _state != State.None;

    public ApplicationCommandInteractionDataOption? GetOption(string name) =>
        _options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));

    /// <summary>A string option, trimmed; null when not given or blank.</summary>
    public string? GetString(string name) => GetOption(name)?.GetString()?.Trim() is { Length: > 0 } s ? s : null;

    public long? GetInteger(string name) => GetOption(name)?.GetInt64();

    public bool? GetBoolean(string name) => GetOption(name)?.GetBoolean();

    /// <summary>A required string option; a missing one is bad input the user is told how to fix.</summary>
    public string RequireString(string name) =>
        GetString(name) ?? throw new CommandInputException($"Please give the `{name}` option a value, e.g. `{name}: ...`.");

    /// <summary>An integer option within a range, or <paramref name="fallback"/> when not given.</summary>
    public long GetInteger(string name, long fallback, long min, long max)
    {
        if (GetOption(name) is not { } option)
        {
            return fallback;
        }

        var value = option.GetInt64() ?? throw new CommandInputException($"`{name}` must be a whole number between {min} and {max}.");
        return value >= min && value <= max
            ? value
            : throw new CommandInputException($"`{name}` must be between {min} and {max}; you gave {value}.");
    }
}
