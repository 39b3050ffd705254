namespace PaperBot.Discord.Gateway;

internal enum ConnectionEndKind
{
    /// <summary>Cancellation asked us to stop; closed with 1000.</summary>
    Shutdown,

    /// <summary>Reconnect and RESUME the session (dropped socket, op 7, op 9 true, zombie, resumable close code).</summary>
    Resume,

    /// <summary>The session is gone (4007, 4009): reconnect and IDENTIFY.</summary>
    Reidentify,

    /// <summary>Op 9 with d=false: Discord asks for a 1-5 s pause before a fresh IDENTIFY.</summary>
    ReidentifyAfterDelay,

    /// <summary>A close code reconnecting cannot fix.</summary>
    Fatal,
}

/// <summary>How and why one gateway connection ended, which decides what the client does next.</summary>
/// <param name="Kind">What the client does next: stop, resume, identify again (at once or after a pause), or give up.</param>
/// <param name="CloseCode">The WebSocket close code, when the connection closed with one.</param>
/// <param name="ReachedSession">READY or RESUMED arrived on this connection: it was healthy, so backoff resets.</param>
/// <param name="Reason">Why it ended: logged, and sent as the close reason when the client closes.</param>
internal sealed record ConnectionEnd(ConnectionEndKind Kind, int? CloseCode, bool ReachedSession, string Reason);
