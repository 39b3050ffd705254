using System.Text.Json;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;

namespace PaperBot.Discord.Tests.Models;

public sealed class PayloadValidatorTests
{
    [Fact]
    public void Validate_MessageAtEveryLimit_Passes()
    {
        var embed = new Embed
        {
            Title = new string('t', 256),
            Description = new string('d', 1900),
            Fields = [.. Enumerable.Range(0, 3).Select(i => new EmbedField { Name = new string('n', 256), Value = new string('v', 1024) })],
        };
        var rows = Enumerable.Range(0, 5)
            .Select(r => MessageComponent.ActionRow([.. Enumerable.Range(0, 5).Select(b => MessageComponent.Button(ButtonStyle.Secondary, "b", $"r{r}b{b}".PadRight(100, 'x')))]))
            .ToArray();

        PayloadValidator.Validate(new MessageCreate { Content = new string('c', 2000), Embeds = [embed], Components = rows });
    }

    [Fact]
    public void Validate_ContentOver2000_ThrowsNamingContent()
    {
        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Content = new string('c', 2001) }));

        Assert.Equal("content", ex.Field);
        Assert.Contains("2000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ElevenEmbeds_Throws()
    {
        var embeds = Enumerable.Range(0, 11).Select(_ => new Embed { Title = "x" }).ToArray();

        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Embeds = embeds }));

        Assert.Equal("embeds", ex.Field);
    }

    [Fact]
    public void Validate_EmbedTextOver6000InTotal_Throws()
    {
        var embeds = Enumerable.Range(0, 2).Select(_ => new Embed { Description = new string('d', 3001) }).ToArray();

        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Embeds = embeds }));

        Assert.Contains("6000", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("title", 257)]
    [InlineData("description", 4097)]
    [InlineData("footer", 2049)]
    [InlineData("author", 257)]
    [InlineData("field", 1025)]
    public void Validate_EmbedPartOverItsLimit_ThrowsNamingIt(string part, int length)
    {
        var text = new string('x', length);
        var embed = part switch
        {
            "title" => new Embed { Title = text },
            "description" => new Embed { Description = text },
            "footer" => new Embed { Footer = new EmbedFooter { Text = text } },
            "author" => new Embed { Author = new EmbedAuthor { Name = text } },
            _ => new Embed { Fields = [new EmbedField { Name = "n", Value = text }] },
        };

        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Embeds = [embed] }));

        Assert.StartsWith("embeds[0].", ex.Field, StringComparison.Ordinal);
        Assert.Contains(part == "field" ? "fields[0].value" : part, ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwentySixFields_Throws()
    {
        var embed = new Embed { Fields = [.. Enumerable.Range(0, 26).Select(i => new EmbedField { Name = "n", Value = "v" })] };

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Embeds = [embed] }));
    }

    [Fact]
    public void Validate_CustomId101_Throws()
    {
        var row = MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, "b", new string('x', 101)));

        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [row] }));

        Assert.EndsWith("custom_id", ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SixRowsOrSixButtons_Throws()
    {
        MessageComponent Row(int buttons, int r) => MessageComponent.ActionRow([.. Enumerable.Range(0, buttons).Select(b => MessageComponent.Button(ButtonStyle.Primary, "b", $"{r}-{b}"))]);

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [.. Enumerable.Range(0, 6).Select(r => Row(1, r))] }));
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [Row(6, 0)] }));
    }

    [Fact]
    public void Validate_DuplicateCustomIdOrLinkButtonWithCustomId_Throws()
    {
        var duplicate = MessageComponent.ActionRow(MessageComponent.Button(ButtonStyle.Primary, "a", "same"), MessageComponent.Button(ButtonStyle.Primary, "b", "same"));
        var badLink = MessageComponent.ActionRow(MessageComponent.LinkButton("a", "https://x.org") with { CustomId = "x" });

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [duplicate] }));
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [badLink] }));
    }

    [Fact]
    public void Validate_SelectWith26Options_Throws()
    {
        var options = Enumerable.Range(0, 26).Select(i => new SelectOption { Label = $"l{i}", Value = $"v{i}" }).ToArray();

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate { Components = [MessageComponent.ActionRow(MessageComponent.StringSelect("pick", options))] }));
    }

    [Fact]
    public void Validate_AutocompleteChoicesOverLimits_Throws()
    {
        var tooMany = Enumerable.Range(0, 26).Select(i => ApplicationCommandOptionChoice.String($"n{i}", "v")).ToArray();
        var longName = ApplicationCommandOptionChoice.String(new string('n', 101), "v");
        var longValue = ApplicationCommandOptionChoice.String("n", new string('v', 101));
        var emptyName = ApplicationCommandOptionChoice.String("", "v");

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(InteractionResponse.Autocomplete(tooMany)));
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(InteractionResponse.Autocomplete([longName])));
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(InteractionResponse.Autocomplete([longValue])));
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(InteractionResponse.Autocomplete([emptyName])));
        PayloadValidator.Validate(InteractionResponse.Autocomplete([.. tooMany.Take(25)]));
    }

    [Fact]
    public void Validate_EmptyMessage_Throws()
    {
        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(new MessageCreate()));
    }

    [Fact]
    public void Validate_InteractionMessageContentOver2000_ThrowsNamingDataContent()
    {
        var ex = Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(InteractionResponse.Message(new() { Content = new string('c', 2001) })));

        Assert.Equal("data.content", ex.Field);
    }

    [Fact]
    public void Validate_CommandNameOver32_Throws()
    {
        var commands = new[] { new ApplicationCommand { Name = new string('a', 33), Description = "d" } };

        Assert.Throws<DiscordPayloadException>(() => PayloadValidator.Validate(commands));
        Assert.Equal(JsonValueKind.String, ApplicationCommandOptionChoice.String("a", "b").Value.ValueKind);
    }
}
