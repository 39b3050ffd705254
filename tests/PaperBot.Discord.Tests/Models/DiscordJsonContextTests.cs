using System.Text.Json;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Tests.Models;

public sealed class DiscordJsonContextTests
{
    [Fact]
    public void Serialize_Snowflake_WritesString()
    {
        var json = JsonSerializer.Serialize(new User { Id = 175928847299117063, Username = "a" }, DiscordJsonContext.Default.User);

        Assert.Contains("\"id\":\"175928847299117063\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"18446744073709551615\",\"username\":\"a\"}")]
    [InlineData("{\"id\":18446744073709551615,\"username\":\"a\"}")]
    public void Deserialize_SnowflakeAsStringOrNumber_ReadsUlong(string json)
    {
        var user = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.User)!;

        Assert.Equal(ulong.MaxValue, user.Id);
    }

    [Fact]
    public void Serialize_MessageCreate_OmitsNullsAndAllowsNoMentions()
    {
        var json = JsonSerializer.Serialize(new MessageCreate { Content = "hi" }, DiscordJsonContext.Default.MessageCreate);

        Assert.Equal("{\"content\":\"hi\",\"allowed_mentions\":{\"parse\":[]}}", json);
    }

    [Fact]
    public void Serialize_Components_UsesSnakeCaseAndNumericEnums()
    {
        var row = MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, "Save", "save:1"), MessageComponent.LinkButton("arXiv", "https://arxiv.org/abs/1"));

        var json = JsonSerializer.Serialize(row, DiscordJsonContext.Default.MessageComponent);

        Assert.Equal(
            "{\"type\":1,\"components\":[{\"type\":2,\"custom_id\":\"save:1\",\"style\":1,\"label\":\"Save\"},{\"type\":2,\"style\":5,\"label\":\"arXiv\",\"url\":\"https://arxiv.org/abs/1\"}]}",
            json);
    }

    [Fact]
    public void Deserialize_SlashCommandInteraction_ReadsSubcommandOptionsAndIgnoresUnknownFields()
    {
        const string json = """
            {"id":"11","application_id":"22","type":2,"token":"tok","version":1,"guild_id":"33","channel_id":"44",
             "app_permissions":"2251799813685247","locale":"en-US","brand_new_field":{"x":1},
             "member":{"user":{"id":"55","username":"ada","global_name":"Ada"},"permissions":"16","roles":[]},
             "data":{"id":"66","name":"paper","type":1,"options":[{"name":"search","type":1,"options":[
                {"name":"query","type":3,"value":"diffusion"},{"name":"limit","type":4,"value":5},{"name":"recent","type":5,"value":true}]}]}}
            """;

        var interaction = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!;
        var (group, subcommand, options) = interaction.GetCommandData().Resolve();

        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal(55UL, interaction.InvokingUser!.Id);
        Assert.Equal("Ada", interaction.InvokingUser.DisplayName);
        Assert.True(interaction.Member!.Permissions!.Value.Grants(Permissions.ManageChannels));
        Assert.False(interaction.Member.Permissions.Value.Grants(Permissions.ManageGuild));
        Assert.Null(group);
        Assert.Equal("search", subcommand);
        Assert.Equal("diffusion", options.Single(o => o.Name == "query").GetString());
        Assert.Equal(5L, options.Single(o => o.Name == "limit").GetInt64());
        Assert.True(options.Single(o => o.Name == "recent").GetBoolean());
    }

    [Fact]
    public void FindFocused_AutocompleteInteraction_ReturnsNestedFocusedOption()
    {
        const string json = """
            {"id":"1","application_id":"2","type":4,"token":"t","version":1,
             "data":{"id":"3","name":"paper","type":1,"options":[{"name":"search","type":1,"options":[{"name":"query","type":3,"value":"diff","focused":true}]}]}}
            """;

        var focused = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!.GetCommandData().FindFocused();

        Assert.Equal("query", focused!.Name);
        Assert.Equal("diff", focused.GetString());
    }

    [Fact]
    public void GetComponentData_ButtonInteraction_ReadsCustomIdAndMessage()
    {
        const string json = """
            {"id":"1","application_id":"2","type":3,"token":"t","version":1,"channel_id":"9",
             "message":{"id":"77","channel_id":"9","content":"x","flags":0,"interaction_metadata":{"id":"5","type":2,"user":{"id":"8","username":"u"}}},
             "data":{"custom_id":"save:2410.03355","component_type":2}}
            """;

        var interaction = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.Interaction)!;
        var data = interaction.GetComponentData();

        Assert.Equal("save:2410.03355", data.CustomId);
        Assert.Equal(ComponentType.Button, data.ComponentType);
        Assert.Equal(77UL, interaction.Message!.Id);
        Assert.Equal(8UL, interaction.Message.InteractionMetadata!.User!.Id);
        Assert.Throws<InvalidOperationException>(() => interaction.GetCommandData());
    }

    [Fact]
    public void Deserialize_ReactionAdd_ReadsEmojiAndIds()
    {
        const string json = """
            {"user_id":"1","channel_id":"2","message_id":"3","guild_id":"4","message_author_id":"5","burst":false,"type":0,
             "member":{"user":{"id":"1","username":"u"},"roles":[]},"emoji":{"id":null,"name":"🔖"}}
            """;

        var reaction = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.MessageReactionAdd)!;

        Assert.Equal(3UL, reaction.MessageId);
        Assert.Equal(5UL, reaction.MessageAuthorId);
        Assert.True(reaction.Emoji.Matches("🔖"));
        Assert.Null(reaction.Emoji.Id);
    }

    [Fact]
    public void Serialize_ApplicationCommand_WritesOptionsChoicesAndPermissionsString()
    {
        var command = new ApplicationCommand
        {
            Name = "digest",
            Description = "Daily digest",
            DefaultMemberPermissions = Permissions.ManageChannels,
            Contexts = [InteractionContextType.Guild],
            Options = [new ApplicationCommandOption
            {
                Type = ApplicationCommandOptionType.SubCommand, Name = "subscribe", Description = "Subscribe",
                Options = [new ApplicationCommandOption { Type = ApplicationCommandOptionType.String, Name = "cat", Description = "Category", Choices = [ApplicationCommandOptionChoice.String("AI", "cs.AI")] }],
            }],
        };

        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(command, DiscordJsonContext.Default.ApplicationCommand));
        var root = doc.RootElement;

        Assert.Equal("16", root.GetProperty("default_member_permissions").GetString());
        Assert.Equal(1, root.GetProperty("type").GetInt32());
        Assert.False(root.TryGetProperty("id", out _));
        var choice = root.GetProperty("options")[0].GetProperty("options")[0].GetProperty("choices")[0];
        Assert.Equal("cs.AI", choice.GetProperty("value").GetString());
    }

    [Fact]
    public void Serialize_AutocompleteResponse_HasChoicesAndNoAllowedMentions()
    {
        var response = InteractionResponse.Autocomplete([ApplicationCommandOptionChoice.String("Attention", "1706.03762")]);

        var json = JsonSerializer.Serialize(response, DiscordJsonContext.Default.InteractionResponse);

        Assert.Equal("{\"type\":8,\"data\":{\"choices\":[{\"name\":\"Attention\",\"value\":\"1706.03762\"}]}}", json);
    }

    [Fact]
    public void Deserialize_GatewayBot_ReadsSessionStartLimit()
    {
        const string json = """{"url":"wss://gateway.discord.gg","shards":2,"session_start_limit":{"total":1000,"remaining":999,"reset_after":14400000,"max_concurrency":1}}""";

        var bot = JsonSerializer.Deserialize(json, DiscordJsonContext.Default.GatewayBot)!;

        Assert.Equal(2, bot.Shards);
        Assert.Equal(999, bot.SessionStartLimit!.Remaining);
    }
}
