namespace PaperBot.FakeDiscord;

/// <summary>Knobs of the fake server; tests shrink the intervals so each test stays well under a second or two.</summary>
public sealed class FakeDiscordOptions
{
    public string BotToken { get; set; } = "fake-bot-token";
    public ulong ApplicationId { get; set; } = 1_100_000_000_000_000_001;
    public ulong BotUserId { get; set; } = 1_100_000_000_000_000_001;
    public string BotUsername { get; set; } = "PaperBot";

    /// <summary>0 picks a random free port on 127.0.0.1.</summary>
    public int Port { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(41_250);

    /// <summary>How long the server waits for a heartbeat before it drops the connection; null means 1.5 × the interval.</summary>
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>Close code used when the client stops heartbeating; null aborts the socket without a close frame.</summary>
    public int? HeartbeatTimeoutCloseCode { get; set; } = 4009;

    /// <summary>Client-to-gateway send limit (Discord: 120 per 60 s); going over it closes the socket with 4008.</summary>
    public int GatewaySendLimit { get; set; } = 120;
    public TimeSpan GatewaySendWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Privileged intents (GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT) the fake application is allowed; others close with 4014.</summary>
    public int AllowedPrivilegedIntents { get; set; }

    /// <summary>Per-channel bucket of POST /channels/{id}/messages.</summary>
    public int ChannelMessageLimit { get; set; } = 5;
    public TimeSpan ChannelMessageWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every other route gets a generous bucket per route and major parameter.</summary>
    public int RouteRequestLimit { get; set; } = 50;
    public TimeSpan RouteRequestWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Global limit over all bot-token requests (interaction callbacks and webhook-token routes are exempt).</summary>
    public int GlobalRequestsPerSecond { get; set; } = 50;

    /// <summary>The initial interaction response must arrive within this.</summary>
    public TimeSpan InteractionDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Interaction tokens (followups, @original edits) stay valid this long.</summary>
    public TimeSpan InteractionTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>session_start_limit.total of GET /gateway/bot: IDENTIFYs allowed per <see cref="SessionStartResetAfter"/>.</summary>
    public int SessionStartTotal { get; set; } = 1000;

    /// <summary>IDENTIFYs left at start (null: <see cref="SessionStartTotal"/>). At 0 an IDENTIFY ends every session with 4004, as Discord resets the token.</summary>
    public int? SessionStartRemaining { get; set; }

    /// <summary>Time from the fake's start until remaining refills to total (then every 24 h).</summary>
    public TimeSpan SessionStartResetAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>session_start_limit.max_concurrency: identify buckets are shard_id % this, one IDENTIFY per bucket per <see cref="IdentifyInterval"/>.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>Discord: 5 s. An IDENTIFY sooner in the same bucket is answered with op 9 (not resumable).</summary>
    public TimeSpan IdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The "shards" GET /gateway/bot recommends.</summary>
    public int RecommendedShards { get; set; } = 1;

    /// <summary>Discord: 2,500. An IDENTIFY whose shard would hold more guilds is closed with 4011 (sharding required).</summary>
    public int MaxGuildsPerShard { get; set; } = 2_500;

    /// <summary>How long a message create with enforce_nonce is remembered: the same nonce from the same author within it returns the first message.</summary>
    public TimeSpan NonceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Unknown channel ids are created on first use unless deleted.</summary>
    public bool AutoCreateChannels { get; set; } = true;

    /// <summary>Exposes /_fake/... control endpoints (inject, list messages) for manual end-to-end runs.</summary>
    public bool EnableControlEndpoints { get; set; } = true;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
