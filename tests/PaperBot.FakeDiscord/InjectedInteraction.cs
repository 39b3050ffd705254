using System.Text.Json.Nodes;

namespace PaperBot.FakeDiscord;

/// <summary>Handle on an interaction the fake dispatched: what the bot answered, and when.</summary>
public sealed class InjectedInteraction
{
    private readonly FakeDiscordServer _server;
    private readonly TaskCompletionSource<RecordedRequest> _initial = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RecordedRequest> _followups = [];
    private readonly List<ulong> _followupMessageIds = [];
    private ITimer? _deadlineTimer;

    internal InjectedInteraction(FakeDiscordServer server, ulong id, string token, int type, ulong guildId, ulong channelId, ulong userId, JsonObject payload, DateTimeOffset createdAt, ulong? sourceMessageId)
    {
        _server = server;
        Id = id;
        Token = token;
        Type = type;
        GuildId = guildId;
        ChannelId = channelId;
        UserId = userId;
        Payload = payload;
        CreatedAt = createdAt;
        SourceMessageId = sourceMessageId;
    }

    public ulong Id { get; }
    public string Token { get; }

    /// <summary>2 application command, 3 message component, 4 autocomplete, 5 modal submit.</summary>
    public int Type { get; }
    public ulong GuildId { get; }
    public ulong ChannelId { get; }
    public ulong UserId { get; }

    /// <summary>The INTERACTION_CREATE data as dispatched.</summary>
    public JsonObject Payload { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Completes with the first accepted callback; faults with <see cref="TimeoutException"/> once the deadline passes without one.</summary>
    public Task<RecordedRequest> InitialResponse => _initial.Task;

    /// <summary>Callback type of the accepted initial response (4, 5, 6, 7, 8, 9), null before it.</summary>
    public int? ResponseType { get; private set; }

    /// <summary>The "data" of the accepted initial response (message, autocomplete choices or modal), null before it.</summary>
    public JsonNode? ResponseData { get; private set; }

    /// <summary>Accepted followup POSTs, in order.</summary>
    public IReadOnlyList<RecordedRequest> Followups
    {
        get
        {
            lock (_server.State.Gate)
            {
                return _followups.ToList();
            }
        }
    }

    public IReadOnlyList<FakeMessage> FollowupMessages
    {
        get
        {
            lock (_server.State.Gate)
            {
                return _followupMessageIds.Select(id => _server.State.Messages.GetValueOrDefault(id)).OfType<FakeMessage>().ToList();
            }
        }
    }

    /// <summary>The message the callback (or a later @original edit) produced; for 6/7 the component's message.</summary>
    public FakeMessage? OriginalMessage
    {
        get
        {
            lock (_server.State.Gate)
            {
                return OriginalMessageId is { } id ? _server.State.Messages.GetValueOrDefault(id) : null;
            }
        }
    }

    internal ulong? SourceMessageId { get; }
    internal ulong? OriginalMessageId { get; set; }
    internal bool Responded => ResponseType is not null;
    internal DateTimeOffset Deadline => CreatedAt + _server.Options.InteractionDeadline;
    internal DateTimeOffset TokenExpiresAt => CreatedAt + _server.Options.InteractionTokenLifetime;

    internal bool OwnsMessage(ulong messageId) => OriginalMessageId == messageId || _followupMessageIds.Contains(messageId);

    /// <summary>Caller holds the state lock.</summary>
    internal void MarkResponded(int type, JsonNode? data)
    {
        ResponseType = type;
        ResponseData = data?.DeepClone();
        _deadlineTimer?.Dispose();
    }

    internal void CompleteInitial(RecordedRequest request) => _initial.TrySetResult(request);

    /// <summary>Caller holds the state lock.</summary>
    internal void AddFollowup(ulong messageId) => _followupMessageIds.Add(messageId);

    internal void RecordFollowup(RecordedRequest request)
    {
        lock (_server.State.Gate)
        {
            _followups.Add(request);
        }
    }

    internal void StartDeadline()
    {
        _deadlineTimer = _server.Time.CreateTimer(
            _ =>
            {
                lock (_server.State.Gate)
                {
                    if (Responded)
                    {
                        return;
                    }
                }

                _initial.TrySetException(new TimeoutException($"Interaction {Id} got no initial response within {_server.Options.InteractionDeadline}."));
                _server.NotifyChanged();
            },
            null,
            _server.Options.InteractionDeadline,
            Timeout.InfiniteTimeSpan);
    }
}
