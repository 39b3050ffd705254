using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord.Gateway;

internal enum IdentifyVerdict
{
    Allowed,

    /// <summary>Another IDENTIFY in the same max_concurrency bucket within the interval: op 9.</summary>
    TooSoon,

    /// <summary>The day's session starts are used up: Discord ends every session and resets the token.</summary>
    BudgetExhausted,
}

/// <summary>Discord's session_start_limit: a daily IDENTIFY budget and max_concurrency buckets (shard_id % max_concurrency), one IDENTIFY per bucket per 5 s.</summary>
internal sealed class SessionStartLimits
{
    private readonly Lock _gate = new();
    private readonly FakeDiscordOptions _options;
    private readonly Dictionary<int, (int ShardId, DateTimeOffset At)> _lastIdentifyByBucket = [];
    private readonly List<(int ShardId, DateTimeOffset At)> _identifies = [];
    private readonly List<(int ShardId, DateTimeOffset At, int LastShardId, DateTimeOffset LastAt)> _tooSoon = [];
    private int _remaining;
    private DateTimeOffset _resetAt;

    public SessionStartLimits(FakeDiscordOptions options)
    {
        _options = options;
        _remaining = options.SessionStartRemaining ?? options.SessionStartTotal;
        _resetAt = options.TimeProvider.GetUtcNow() + options.SessionStartResetAfter;
    }

    /// <summary>Every IDENTIFY that was let through, with its shard and the fake clock's time.</summary>
    public IReadOnlyList<(int ShardId, DateTimeOffset At)> Identifies
    {
        get
        {
            lock (_gate)
            {
                return [.. _identifies];
            }
        }
    }

    public int Refused { get; private set; }

    /// <summary>Every IDENTIFY refused as too soon: its shard, when it came, and the shard and time of its bucket's last IDENTIFY let through.</summary>
    public IReadOnlyList<(int ShardId, DateTimeOffset At, int LastShardId, DateTimeOffset LastAt)> TooSoon
    {
        get
        {
            lock (_gate)
            {
                return [.. _tooSoon];
            }
        }
    }

    public IdentifyVerdict TryIdentify(int shardId)
    {
        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            Refill(now);
            if (_remaining <= 0)
            {
                Refused++;
                return IdentifyVerdict.BudgetExhausted;
            }

            var bucket = shardId % Math.Max(1, _options.MaxConcurrency);
            if (_lastIdentifyByBucket.TryGetValue(bucket, out var last) && now - last.At < _options.IdentifyInterval)
            {
                Refused++;
                _tooSoon.Add((shardId, now, last.ShardId, last.At));
                return IdentifyVerdict.TooSoon;
            }

            _lastIdentifyByBucket[bucket] = (shardId, now);
            _remaining--;
            _identifies.Add((shardId, now));
            return IdentifyVerdict.Allowed;
        }
    }

    /// <summary>The session_start_limit object of GET /gateway/bot, as of now.</summary>
    public JsonObject ToJson()
    {
        var now = _options.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            Refill(now);
            return new JsonObject
            {
                ["total"] = _options.SessionStartTotal,
                ["remaining"] = _remaining,
                ["reset_after"] = (long)Math.Ceiling((_resetAt - now).TotalMilliseconds),
                ["max_concurrency"] = _options.MaxConcurrency,
            };
        }
    }

    private void Refill(DateTimeOffset now)
    {
        if (now >= _resetAt)
        {
            _remaining = _options.SessionStartTotal;
            _resetAt = now + TimeSpan.FromHours(24);
        }
    }
}
