namespace PaperBot.Discord.Gateway;

/// <summary>What the client does after the gateway closed the socket with a given code.</summary>
internal enum GatewayCloseAction
{
    Resume,
    Reidentify,
    Fatal,
}

/// <summary>Gateway close event codes and what each one means for the session.</summary>
public static class GatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int UnknownOpcode = 4001;
    public const int DecodeError = 4002;
    public const int NotAuthenticated = 4003;
    public const int AuthenticationFailed = 4004;
    public const int AlreadyAuthenticated = 4005;
    public const int InvalidSequence = 4007;
    public const int RateLimited = 4008;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>True when reconnecting cannot help: the configuration (token, shard, intents) must change.</summary>
    public static bool IsFatal(int code) => code is AuthenticationFailed or InvalidShard or ShardingRequired
        or InvalidApiVersion or InvalidIntents or DisallowedIntents;

    internal static GatewayCloseAction Classify(int? code) => code switch
    {
        int c when IsFatal(c) => GatewayCloseAction.Fatal,
        InvalidSequence or SessionTimedOut => GatewayCloseAction.Reidentify,
        // Every other code (4000-4009 transport errors, 1001 going away, a dropped TCP connection) keeps the session.
        _ => GatewayCloseAction.Resume,
    };

    /// <summary>A sentence an operator can act on; never includes the token.</summary>
    public static string Describe(int code) => code switch
    {
        UnknownError => "unknown error",
        UnknownOpcode => "unknown opcode sent",
        DecodeError => "payload could not be decoded",
        NotAuthenticated => "payload sent before identifying",
        AuthenticationFailed => "authentication failed: Discord rejected the bot token (check Discord:Token or Discord:TokenFile)",
        AlreadyAuthenticated => "identified more than once",
        InvalidSequence => "invalid sequence when resuming",
        RateLimited => "gateway send rate limit exceeded",
        SessionTimedOut => "session timed out",
        InvalidShard => "invalid shard: a shard id must be below the shard count (check Discord:Shards or Discord:ShardId, and Discord:ShardCount)",
        ShardingRequired => "sharding required: the bot is in too many guilds for one shard (raise Discord:ShardCount)",
        InvalidApiVersion => "invalid gateway API version",
        InvalidIntents => "invalid intents (check Discord:Intents)",
        DisallowedIntents => "disallowed intents: enable them in the developer portal or remove them from Discord:Intents",
        1000 => "normal closure",
        1001 => "going away",
        _ => "unrecognised close code",
    };
}
