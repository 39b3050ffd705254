using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PaperBot.Discord.Models;
using PaperBot.Observability;

namespace PaperBot.Interactions;

/// <summary>
/// Routes one interaction to its module in a fresh DI scope: slash commands by name, autocomplete by command
/// name, components and modals by custom_id prefix. The bot host calls it for every INTERACTION_CREATE with a
/// <see cref="DiscordInteractionResponder"/>; the local shell calls the very same method with its own
/// <see cref="IInteractionResponder"/> and an <see cref="Interaction"/> built from typed text:
/// <code>await dispatcher.DispatchAsync(interaction, shellResponder, ct);</code>
/// It never throws for a handler's failure: the user gets a polite ephemeral answer and the log the details.
/// </summary>
public sealed partial class InteractionDispatcher(
    IServiceScopeFactory scopes,
    CommandCatalog catalog,
    CommandHooks hooks,
    IOptions<CommandOptions> options,
    TimeProvider timeProvider,
    ILogger<InteractionDispatcher> logger)
{
    public const string FailureMessage = "Sorry, something went wrong while answering that. It has been logged; please try again in a moment.";

    public const string StaleComponentMessage = "This button or menu is no longer active. Please run the command again.";

    public CommandCatalog Catalog => catalog;

    public async Task DispatchAsync(Interaction interaction, IInteractionResponder responder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        ArgumentNullException.ThrowIfNull(responder);
        if (interaction.Type == InteractionType.Ping)
        {
            await responder.CallbackAsync(interaction, InteractionResponse.Pong(), [], cancellationToken).ConfigureAwait(false);
            return;
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            InteractionContext context;
            try
            {
                context = new InteractionContext(interaction, responder, scope.ServiceProvider);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                Log.Unreadable(logger, ex, interaction.Id, (int)interaction.Type);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var succeeded = await RunAsync(context, cancellationToken).ConfigureAwait(false);
            var name = context.CommandPath is { Length: > 0 } path ? path : ComponentName(context.CustomId);
            scope.ServiceProvider.GetService<PaperBotMetrics>()?.CommandHandled(name, Stopwatch.GetElapsedTime(started), succeeded);
        }
    }

    private static string ComponentName(string? customId) =>
        customId is null ? "unknown" : "component " + customId.Split(':', 2)[0];

    private async Task<bool> RunAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        using var handlerDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var autoDefer = AutoDeferAsync(context, handlerDone.Token);
        try
        {
            if (hooks.BeforeHandler is { } before)
            {
                await before(context, cancellationToken).ConfigureAwait(false);
            }

            await RouteAsync(context, cancellationToken).ConfigureAwait(false);
            await handlerDone.CancelAsync().ConfigureAwait(false);
            await autoDefer.ConfigureAwait(false);
            await context.FinishAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (CommandInputException ex)
        {
            await handlerDone.CancelAsync().ConfigureAwait(false);
            await autoDefer.ConfigureAwait(false);
            await TryAnswerAsync(context, ex.Message, cancellationToken).ConfigureAwait(false);
            return true;
        }
        // Whatever a handler throws, the user gets an answer and the bot keeps running.
        catch (Exception ex)
        {
            Log.HandlerFailed(logger, ex, Describe(context));
            await handlerDone.CancelAsync().ConfigureAwait(false);
            await autoDefer.ConfigureAwait(false);
            await TryAnswerAsync(context, FailureMessage, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task RouteAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        switch (interaction.Type)
        {
            case InteractionType.ApplicationCommand:
                if (Resolve(context, catalog.FindCommand(context.CommandName ?? "")) is { } module)
                {
                    await module.HandleCommandAsync(context, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Log.UnknownCommand(logger, context.CommandName ?? "");
                    await context.RespondAsync(
                        InteractionReply.Private($"I don't know the command `/{context.CommandName}` (it may have been removed). `/paperbot help` lists what I can do."),
                        cancellationToken).ConfigureAwait(false);
                }

                break;
            case InteractionType.ApplicationCommandAutocomplete:
                if (Resolve(context, catalog.FindCommand(context.CommandName ?? "")) is { } completer)
                {
                    await completer.HandleAutocompleteAsync(context, cancellationToken).ConfigureAwait(false);
                }

                await context.AutocompleteAsync([], cancellationToken).ConfigureAwait(false);
                break;
            case InteractionType.MessageComponent or InteractionType.ModalSubmit:
                if (Resolve(context, catalog.FindComponent(context.CustomId ?? "")) is { } owner)
                {
                    await owner.HandleComponentAsync(context, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    Log.UnknownComponent(logger, ComponentName(context.CustomId));
                    await context.RespondAsync(InteractionReply.Private(StaleComponentMessage), cancellationToken).ConfigureAwait(false);
                }

                break;
            default:
                Log.Unreadable(logger, null, interaction.Id, (int)interaction.Type);
                break;
        }
    }

    private static ICommandModule? Resolve(InteractionContext context, Type? moduleType) =>
        moduleType is null ? null : (ICommandModule)context.Services.GetRequiredService(moduleType);

    private async Task AutoDeferAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        // Nearly every handler finishes first, and its cancellation ends the wait without an exception: one thrown and
        // caught in every interaction was CPU that each of them paid.
        await Task.Delay(options.Value.AutoDeferAfter, timeProvider, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (cancellationToken.IsCancellationRequested || context.HasResponded)
        {
            return;
        }

        try
        {
            Log.AutoDeferred(logger, Describe(context));
            await context.AutoDeferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The handler finished while the deferral was on its way.
        }
        // A failed deferral is logged; the handler's own answer may still get through.
        catch (Exception ex)
        {
            Log.AnswerFailed(logger, ex, Describe(context));
        }
    }

    private async Task TryAnswerAsync(InteractionContext context, string message, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Interaction.Type == InteractionType.ApplicationCommandAutocomplete)
            {
                await context.AutocompleteAsync([], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await context.RespondAsync(InteractionReply.Private(message), cancellationToken).ConfigureAwait(false);
            }
        }
        // Nothing more can be done for this interaction; the next one must still be served.
        catch (Exception ex)
        {
            Log.AnswerFailed(logger, ex, Describe(context));
        }
    }

    private static string Describe(InteractionContext context) =>
        context.CommandPath is { Length: > 0 } path ? "/" + path : ComponentName(context.CustomId);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6000, Level = LogLevel.Error, Message = "Handler of {Interaction} failed")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string interaction);

        [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Could not answer {Interaction}")]
        public static partial void AnswerFailed(ILogger logger, Exception exception, string interaction);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Unknown command /{Name}")]
        public static partial void UnknownCommand(ILogger logger, string name);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "No module handles {Component}")]
        public static partial void UnknownComponent(ILogger logger, string component);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "{Interaction} was slow; deferred automatically")]
        public static partial void AutoDeferred(ILogger logger, string interaction);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Interaction {InteractionId} of type {Type} could not be read")]
        public static partial void Unreadable(ILogger logger, Exception? exception, ulong interactionId, int type);
    }
}
