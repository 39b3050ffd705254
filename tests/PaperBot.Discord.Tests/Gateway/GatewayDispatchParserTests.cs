using System.Text.Json;
using PaperBot.Discord.Gateway;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewayDispatchParserTests
{
    [Fact]
    public void ParseSamples_TheWarmUpsDispatches_EachParsesToItsTypedEvent()
    {
        var events = GatewayDispatchParser.ParseSamples();

        // Every event with data that the parser types has a sample; none falls through to the unknown event.
        Assert.Equal(
            [typeof(ReadyEvent), typeof(GuildCreateEvent), typeof(InteractionCreateEvent), typeof(MessageCreateEvent), typeof(MessageReactionAddEvent), typeof(MessageReactionRemoveEvent)],
            events.Select(e => e.GetType()));
        var reaction = Assert.IsType<MessageReactionAddEvent>(events[4]);
        Assert.Equal("\U0001F516", reaction.Reaction.Emoji.Name);
        Assert.Equal("paper", Assert.IsType<InteractionCreateEvent>(events[2]).Interaction.GetCommandData().Name);
        Assert.Equal(events.Count, DiscordGatewayClient.WarmUpParser());
    }

    [Fact]
    public void Parse_Ready_ReadsSessionApplicationUserAndGuilds()
    {
        const string Json = """
            {"v":10,"session_id":"s1","resume_gateway_url":"wss://resume.example/","user":{"id":"42","username":"PaperBot","bot":true},
             "application":{"id":"7","flags":0},"guilds":[{"id":"100","unavailable":true},{"id":"101","unavailable":true}],"extra":{"x":1}}
            """;
        using var doc = JsonDocument.Parse(Json);

        var ready = Assert.IsType<ReadyEvent>(GatewayDispatchParser.Parse("READY", doc.RootElement, 1));

        Assert.Equal("s1", ready.SessionId);
        Assert.Equal(7UL, ready.ApplicationId);
        Assert.Equal(42UL, ready.BotUser.Id);
        Assert.Equal([100UL, 101UL], ready.GuildIds);
        Assert.Equal(new Uri("wss://resume.example/"), GatewayDispatchParser.ResumeUrl(doc.RootElement));
    }

    [Fact]
    public void Parse_InteractionCreate_IsTyped()
    {
        const string Json = """
            {"id":"900","application_id":"7","type":2,"token":"itok","version":1,"guild_id":"100","channel_id":"200",
             "data":{"id":"1","name":"paper","type":1},"member":{"user":{"id":"5","username":"ada"}},"new_field":[1,2]}
            """;
        using var doc = JsonDocument.Parse(Json);

        var created = Assert.IsType<InteractionCreateEvent>(GatewayDispatchParser.Parse("INTERACTION_CREATE", doc.RootElement, 3));

        Assert.Equal(900UL, created.Interaction.Id);
        Assert.Equal(InteractionType.ApplicationCommand, created.Interaction.Type);
        Assert.Equal("paper", created.Interaction.GetCommandData().Name);
        Assert.Equal(3, created.Sequence);
    }

    [Fact]
    public void Parse_ReactionAdd_IsTyped()
    {
        const string Json = """{"user_id":"5","channel_id":"200","message_id":"300","guild_id":"100","emoji":{"id":null,"name":"🔖"}}""";
        using var doc = JsonDocument.Parse(Json);

        var added = Assert.IsType<MessageReactionAddEvent>(GatewayDispatchParser.Parse("MESSAGE_REACTION_ADD", doc.RootElement, 4));

        Assert.Equal(300UL, added.Reaction.MessageId);
        Assert.Equal("🔖", added.Reaction.Emoji.Name);
    }

    [Fact]
    public void Parse_UnknownEvent_KeepsDetachedData()
    {
        UnknownDispatchEvent unknown;
        using (var doc = JsonDocument.Parse("""{"a":{"b":[1,2,3]}}"""))
        {
            unknown = Assert.IsType<UnknownDispatchEvent>(GatewayDispatchParser.Parse("SOMETHING_NEW", doc.RootElement, 5));
        }

        Assert.Equal("SOMETHING_NEW", unknown.Name);
        Assert.Equal(3, unknown.Data.GetProperty("a").GetProperty("b").GetArrayLength());
    }

    [Fact]
    public void Parse_MalformedInteraction_ThrowsJsonException()
    {
        using var doc = JsonDocument.Parse("""{"id":"not-a-snowflake","type":2}""");

        Assert.Throws<JsonException>(() => GatewayDispatchParser.Parse("INTERACTION_CREATE", doc.RootElement, 6));
    }
}
