namespace PaperBot.Hosting;

/// <summary>How the bot run is going: commands registered yet, and why it stopped on its own if it did.</summary>
public sealed class BotRunState
{
    private readonly TaskCompletionSource _commandsChecked = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _fatalError;

    /// <summary>Why the bot stopped on its own (a fatal gateway close); null after a normal shutdown.</summary>
    public string? FatalError => Volatile.Read(ref _fatalError);

    /// <summary>
    /// Completes once the bot is READY and its commands were registered or found up to date (before the gateway
    /// connected, or at READY), or failed to register.
    /// </summary>
    public Task CommandsChecked => _commandsChecked.Task;

    public void Fail(string reason) => Interlocked.CompareExchange(ref _fatalError, reason, null);

    internal void MarkCommandsChecked() => _commandsChecked.TrySetResult();
}
