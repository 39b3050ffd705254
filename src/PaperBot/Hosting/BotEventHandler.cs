using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PaperBot.Interactions;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;

namespace PaperBot.Hosting;

/// <summary>
/// The plain handler the gateway owner feeds. Interactions run concurrently (each in its own scope, through
/// the dispatcher), so one slow command never holds up the events behind it; reactions run in order, each in a
/// fresh scope, through every registered <see cref="IReactionHandler"/>.
/// </summary>
public sealed partial class BotEventHandler(
    IServiceProvider services,
    IServiceScopeFactory scopes,
    InteractionDispatcher dispatcher,
    TimeProvider timeProvider,
    ILogger<BotEventHandler> logger) : IGatewayEventHandler, IDisposable
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    // Interactions outlive the gateway's token on shutdown: they get a grace period to answer (DrainAsync).
    private readonly CancellationTokenSource _interactionsStopping = new();
    private ulong _botUserId;

    public ulong BotUserId => Volatile.Read(ref _botUserId);

    public async ValueTask HandleAsync(GatewayEvent gatewayEvent, CancellationToken cancellationToken)
    {
        switch (gatewayEvent)
        {
            case ReadyEvent ready:
                Volatile.Write(ref _botUserId, ready.BotUser.Id);
                break;
            case InteractionCreateEvent created when created.Interaction.IsExpired(timeProvider.GetUtcNow()):
                // Replayed after a long outage: Discord refuses any answer once the token is 15 minutes old.
                Log.InteractionExpired(logger, created.Interaction.Id, (timeProvider.GetUtcNow() - created.Interaction.CreatedAt).TotalMinutes);
                break;
            case InteractionCreateEvent created:
                Track(DispatchAsync(created.Interaction, responder: null, _interactionsStopping.Token));
                break;
            case MessageCreateEvent created:
                // Off the delivery loop, like interactions: a handler may wait on the network (a link's paper from arXiv).
                Track(HandleMessageAsync(created, _interactionsStopping.Token));
                break;
            case MessageReactionAddEvent added:
                await ForEachReactionHandlerAsync(
                    (h, ct) => h.OnReactionAddAsync(added.Reaction, BotUserId, ct), gatewayEvent.Name, cancellationToken).ConfigureAwait(false);
                break;
            case MessageReactionRemoveEvent removed:
                await ForEachReactionHandlerAsync(
                    (h, ct) => h.OnReactionRemoveAsync(removed.Reaction, BotUserId, ct), gatewayEvent.Name, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>At shutdown: lets interactions still being answered finish within <paramref name="grace"/>, then cancels them.</summary>
    public async Task DrainAsync(TimeSpan grace)
    {
        try
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _interactionsStopping.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Completes when every interaction received so far has been answered and its handler has returned.</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_inFlight.Keys);

    public void Dispose() => _interactionsStopping.Dispose();

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        _ = task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// The interaction warm-up's way in: <paramref name="interaction"/> tracked and dispatched as one from the gateway
    /// is, answered by <paramref name="responder"/> instead of Discord.
    /// </summary>
    internal Task RehearseAsync(Interaction interaction, IInteractionResponder responder, CancellationToken cancellationToken)
    {
        var task = DispatchAsync(interaction, responder, cancellationToken);
        Track(task);
        return task;
    }

    // responder: null for Discord's (every interaction from the gateway).
    private async Task DispatchAsync(Interaction interaction, IInteractionResponder? responder, CancellationToken cancellationToken)
    {
        // Off the gateway's delivery loop: the next event must not wait for this command.
        await Task.Yield();
        try
        {
            responder ??= services.GetRequiredService<DiscordInteractionResponder>();
            await dispatcher.DispatchAsync(interaction, responder, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown.
        }
        // A failure here is logged; the bot keeps serving other interactions.
        catch (Exception ex)
        {
            Log.InteractionFailed(logger, ex, interaction.Id);
        }
    }

    private async Task HandleMessageAsync(MessageCreateEvent created, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IMessageHandler>())
            {
                try
                {
                    await handler.OnMessageCreateAsync(created.Message, BotUserId, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
                // One failing handler must not keep the others from the message, nor stop the bot.
                catch (Exception ex)
                {
                    Log.MessageHandlerFailed(logger, ex, handler.GetType().Name, created.Message.Id);
                }
            }
        }
    }

    private async Task ForEachReactionHandlerAsync(Func<IReactionHandler, CancellationToken, Task> handle, string eventName, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            foreach (var handler in scope.ServiceProvider.GetServices<IReactionHandler>())
            {
                try
                {
                    await handle(handler, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                // One failing handler must not keep the others from the event.
                catch (Exception ex)
                {
                    Log.ReactionHandlerFailed(logger, ex, handler.GetType().Name, eventName);
                }
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6110, Level = LogLevel.Error, Message = "Interaction {InteractionId} could not be dispatched")]
        public static partial void InteractionFailed(ILogger logger, Exception exception, ulong interactionId);

        [LoggerMessage(EventId = 6112, Level = LogLevel.Warning, Message = "Interaction {InteractionId} not answered: it is {AgeMinutes:0} minutes old, and Discord refuses answers once its token is past 15 minutes")]
        public static partial void InteractionExpired(ILogger logger, ulong interactionId, double ageMinutes);

        [LoggerMessage(EventId = 6113, Level = LogLevel.Error, Message = "{Handler} failed on message {MessageId}")]
        public static partial void MessageHandlerFailed(ILogger logger, Exception exception, string handler, ulong messageId);

        [LoggerMessage(EventId = 6111, Level = LogLevel.Error, Message = "{Handler} failed on {Event}")]
        public static partial void ReactionHandlerFailed(ILogger logger, Exception exception, string handler, string @event);
    }
}
