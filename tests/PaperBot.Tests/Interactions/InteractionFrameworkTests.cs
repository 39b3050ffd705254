using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Interactions;
using PaperBot.Discord.Models;
using PaperBot.Observability;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Interactions;

/// <summary>The framework's guarantees, end to end: unknown and stale interactions, failures, the 3 s deadline.</summary>
public sealed class InteractionFrameworkTests : IAsyncLifetime
{
    private BotHarness _bot = null!;

    public async Task InitializeAsync() => _bot = await BotHarness.StartAsync(
        new Dictionary<string, string?> { ["Commands:AutoDeferAfter"] = "00:00:00.300" },
        services => services.AddCommandModule<ThrowingModule>());

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task UnknownCommand_AnswersPolitelyAndEphemerally()
    {
        var message = await _bot.FinalMessageAsync(await _bot.SlashAsync("frobnicate", null));

        Assert.True(message.Ephemeral);
        Assert.Contains("I don't know the command `/frobnicate`", message.Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task StaleComponent_AnswersPolitelyAndEphemerally()
    {
        var card = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "2410.03355")));

        var message = await _bot.FinalMessageAsync(await _bot.PressAsync(card, "oldfeature:1:2"));

        Assert.True(message.Ephemeral);
        Assert.Equal(InteractionDispatcher.StaleComponentMessage, message.Content);
        _bot.AssertClean();
    }

    [Fact]
    public async Task HandlerThrows_UserGetsPoliteErrorWithoutDetails_AndTheLogHasThem()
    {
        var message = await _bot.FinalMessageAsync(await _bot.SlashAsync("boom", null));

        Assert.True(message.Ephemeral);
        Assert.Equal(InteractionDispatcher.FailureMessage, message.Content);
        Assert.DoesNotContain("secret detail", message.Content, StringComparison.Ordinal);
        Assert.Contains("secret detail", _bot.Logs.AllText, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task SlowHandler_IsDeferredWithinTheDeadline_ThenTheOriginalIsEdited()
    {
        // The handler is held until the test has seen the deferral: it must come while the handler still runs.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bot.Hooks.BeforeHandler = (context, ct) => context.CommandPath == "paper show" ? release.Task.WaitAsync(ct) : Task.CompletedTask;

        var interaction = await _bot.SlashAsync("paper", "show", ("id", "2410.03355"));
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));
        var typeWhileHeld = interaction.ResponseType;
        var placeholder = interaction.OriginalMessage;
        release.SetResult();
        var message = await _bot.FinalMessageAsync(interaction);

        Assert.Equal(5, typeWhileHeld);
        Assert.True(placeholder?.Loading, "the deferral shows the 'thinking' placeholder until the edit");
        Assert.Equal(5, interaction.ResponseType);
        Assert.Equal(interaction.OriginalMessage!.Id, message.Id);
        Assert.StartsWith("LANTERN", message.Embeds[0]!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task SlowHandlerWithPrivateAnswer_DeferredPublicly_AnswersInAnEphemeralFollowup()
    {
        _bot.Hooks.BeforeHandler = (context, ct) => context.CommandPath == "paper show" ? Task.Delay(800, ct) : Task.CompletedTask;

        var interaction = await _bot.SlashAsync("paper", "show", ("id", "garbage"));
        var message = await _bot.FinalMessageAsync(interaction);

        Assert.Equal(5, interaction.ResponseType);
        Assert.True(message.Ephemeral);
        Assert.Contains("is neither an arXiv id nor the id of a paper in my store", message.Content, StringComparison.Ordinal);
        Assert.True(await _bot.Discord.WaitUntilAsync(() => interaction.OriginalMessage is null, TimeSpan.FromSeconds(2)), "the public placeholder was not removed");
        _bot.AssertClean();
    }

    [Fact]
    public async Task SlowButton_IsAcknowledgedWithDeferredUpdate_ThenAnsweredInAFollowup()
    {
        var card = await _bot.FinalMessageAsync(await _bot.SlashAsync("paper", "show", ("id", "2410.03355")));
        _bot.Hooks.BeforeHandler = (context, ct) => context.CustomId is not null ? Task.Delay(800, ct) : Task.CompletedTask;

        var press = await _bot.PressAsync(card, "psave:2410.03355");
        await press.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _bot.Discord.WaitUntilAsync(() => press.FollowupMessages.Count == 1, TimeSpan.FromSeconds(5)));

        Assert.Equal(6, press.ResponseType);
        Assert.True(press.FollowupMessages[0].Ephemeral);
        Assert.Contains("Saved", press.FollowupMessages[0].Content, StringComparison.Ordinal);
        _bot.AssertClean();
    }

    [Fact]
    public async Task Dispatch_EveryInteraction_IsCountedWithItsCommandAndOutcome()
    {
        var meter = _bot.Host.Services.GetRequiredService<PaperBotMetrics>().Meter;
        var seen = new ConcurrentQueue<(string Command, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "paperbot.commands.handled")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var map = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "");
            seen.Enqueue((map["command"], map["outcome"]));
        });
        listener.Start();

        await _bot.FinalMessageAsync(await _bot.SlashAsync("paperbot", "help"));
        await _bot.FinalMessageAsync(await _bot.SlashAsync("boom", null));

        Assert.True(await _bot.Discord.WaitUntilAsync(() => seen.Count >= 2, TimeSpan.FromSeconds(2)));
        Assert.Contains(("paperbot help", "ok"), seen);
        Assert.Contains(("boom", "error"), seen);
    }

    /// <summary>A module whose command always fails, to show what the user and the log get.</summary>
    private sealed class ThrowingModule : ICommandModule
    {
        public IReadOnlyList<ApplicationCommand> Definitions { get; } = [new ApplicationCommand { Name = "boom", Description = "Always fails" }];

        public IReadOnlyList<string> ComponentPrefixes => [];

        public Task HandleCommandAsync(InteractionContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret detail of the failure");

        public Task HandleAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task HandleComponentAsync(InteractionContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
