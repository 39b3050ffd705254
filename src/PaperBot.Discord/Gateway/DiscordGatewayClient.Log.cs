using Microsoft.Extensions.Logging;

namespace PaperBot.Discord.Gateway;

public sealed partial class DiscordGatewayClient
{
    private void OnReady(ReadyEvent ready, Uri? resumeUrl)
    {
        _resumeUrl = resumeUrl;
        Volatile.Write(ref _applicationId, ready.ApplicationId);
        Volatile.Write(ref _botUserId, ready.BotUser.Id);
        Volatile.Write(ref _sessionId, ready.SessionId);
        Log.Ready(_logger, ready.ApplicationId, ready.BotUser.Id, ready.GuildIds.Count, resumeUrl is not null);
        _firstReady.TrySetResult(ready);
    }

    /// <summary>Gateway events use ids 9200-9299. Nothing here takes the token or a raw payload.</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 9200, Level = LogLevel.Information, Message = "Connecting to the Discord gateway at {Host}:{Port} to {Mode}")]
        public static partial void Connecting(ILogger logger, string host, int port, string mode);

        [LoggerMessage(EventId = 9201, Level = LogLevel.Debug, Message = "Gateway HELLO: heartbeat every {IntervalMs} ms")]
        public static partial void Hello(ILogger logger, double intervalMs);

        [LoggerMessage(EventId = 9202, Level = LogLevel.Information, Message = "Identifying with intents {Intents}, shard {ShardId} of {ShardCount}")]
        public static partial void Identifying(ILogger logger, int intents, int shardId, int shardCount);

        [LoggerMessage(EventId = 9203, Level = LogLevel.Information, Message = "Resuming the gateway session from sequence {Sequence}")]
        public static partial void Resuming(ILogger logger, long sequence);

        [LoggerMessage(EventId = 9204, Level = LogLevel.Information, Message = "Gateway READY: application {ApplicationId}, bot user {BotUserId}, {GuildCount} guilds, resume URL given: {HasResumeUrl}")]
        public static partial void Ready(ILogger logger, ulong applicationId, ulong botUserId, int guildCount, bool hasResumeUrl);

        [LoggerMessage(EventId = 9205, Level = LogLevel.Information, Message = "Gateway session resumed at sequence {Sequence}")]
        public static partial void Resumed(ILogger logger, long sequence);

        [LoggerMessage(EventId = 9206, Level = LogLevel.Information, Message = "Gateway asked for a reconnect (op 7)")]
        public static partial void ReconnectRequested(ILogger logger);

        [LoggerMessage(EventId = 9207, Level = LogLevel.Warning, Message = "Gateway invalidated the session (op 9, resumable: {Resumable})")]
        public static partial void InvalidSession(ILogger logger, bool resumable);

        [LoggerMessage(EventId = 9208, Level = LogLevel.Warning, Message = "No heartbeat ACK within {IntervalMs} ms: the connection is zombied, reconnecting")]
        public static partial void Zombie(ILogger logger, double intervalMs);

        [LoggerMessage(EventId = 9209, Level = LogLevel.Warning, Message = "Gateway closed the connection with code {CloseCode} ({Meaning}): {Description}")]
        public static partial void Closed(ILogger logger, int? closeCode, string meaning, string? description);

        [LoggerMessage(EventId = 9210, Level = LogLevel.Warning, Message = "Gateway connection lost: {Reason}")]
        public static partial void Dropped(ILogger logger, string reason);

        [LoggerMessage(EventId = 9211, Level = LogLevel.Information, Message = "Reconnecting to the gateway after {Reason} (close code {CloseCode}); resuming: {WillResume}")]
        public static partial void Reconnecting(ILogger logger, string reason, int? closeCode, bool willResume);

        [LoggerMessage(EventId = 9212, Level = LogLevel.Information, Message = "Waiting {DelayMs:0} ms before connecting to the gateway ({Failures} failed attempts in a row)")]
        public static partial void Waiting(ILogger logger, double delayMs, int failures);

        [LoggerMessage(EventId = 9213, Level = LogLevel.Warning, Message = "Could not connect to the gateway: {ErrorType}: {Error}")]
        public static partial void ConnectFailed(ILogger logger, string errorType, string error);

        [LoggerMessage(EventId = 9214, Level = LogLevel.Critical, Message = "Stopping the Discord gateway (close code {CloseCode}): {Error}")]
        public static partial void Fatal(ILogger logger, int closeCode, string error);

        [LoggerMessage(EventId = 9215, Level = LogLevel.Warning, Message = "Skipped gateway dispatch {EventName} (sequence {Sequence}) that could not be read: {Error}")]
        public static partial void PayloadSkipped(ILogger logger, string eventName, long? sequence, string error);

        [LoggerMessage(EventId = 9216, Level = LogLevel.Debug, Message = "Skipped replayed dispatch {EventName} (sequence {Sequence}, already delivered up to {LastSequence})")]
        public static partial void DuplicateSkipped(ILogger logger, string? eventName, long sequence, long lastSequence);

        [LoggerMessage(EventId = 9217, Level = LogLevel.Error, Message = "The gateway event handler failed on {EventName} (sequence {Sequence})")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string eventName, long? sequence);

        [LoggerMessage(EventId = 9218, Level = LogLevel.Trace, Message = "Heartbeat sent at sequence {Sequence}")]
        public static partial void HeartbeatSent(ILogger logger, long sequence);

        [LoggerMessage(EventId = 9219, Level = LogLevel.Warning, Message = "Skipped an unreadable gateway message: {Error}")]
        public static partial void UnreadableMessage(ILogger logger, string error);

        [LoggerMessage(EventId = 9220, Level = LogLevel.Information, Message = "Closing the gateway connection with 1000 (shutdown)")]
        public static partial void ShuttingDown(ILogger logger);
    }
}
