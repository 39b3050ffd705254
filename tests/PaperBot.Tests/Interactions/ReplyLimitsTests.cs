using PaperBot.Interactions;
using PaperBot.Discord.Limits;
using PaperBot.Discord.Models;

namespace PaperBot.Tests.Interactions;

public sealed class ReplyLimitsTests
{
    [Fact]
    public void FitEmbeds_HugeTexts_PassThePayloadValidator()
    {
        var huge = new string('x', 10_000);
        var embeds = Enumerable.Range(0, 12).Select(_ => new Embed
        {
            Title = huge,
            Description = huge,
            Footer = new EmbedFooter { Text = huge },
            Fields = [.. Enumerable.Range(0, 30).Select(_ => new EmbedField { Name = huge, Value = huge })],
        }).ToList();

        var fitted = ReplyLimits.FitEmbeds(embeds);

        PayloadValidator.Validate(InteractionResponse.Message(new InteractionCallbackData { Embeds = fitted }));
        Assert.EndsWith(DiscordText.Ellipsis, fitted[0].Title, StringComparison.Ordinal);
    }

    [Fact]
    public void FitComponents_TooManyAndTooLong_KeepsWhatDiscordAccepts()
    {
        var longId = new string('c', 101);
        var rows = Enumerable.Range(0, 7).Select(r => MessageComponent.ActionRow(
            [.. Enumerable.Range(0, 7).Select(b => MessageComponent.Button(ButtonStyle.Primary, new string('l', 200), $"id:{r}:{b}")).Prepend(MessageComponent.Button(ButtonStyle.Primary, "bad", longId))])).ToList();

        var fitted = ReplyLimits.FitComponents(rows);

        PayloadValidator.Validate(InteractionResponse.Message(new InteractionCallbackData { Content = "x", Components = fitted }));
        Assert.Equal(5, fitted.Count);
        Assert.DoesNotContain(fitted.SelectMany(r => r.Components!), c => c.CustomId == longId);
    }

    [Fact]
    public void FitChoices_MoreThan25AndLongNames_CapsAndCuts()
    {
        var choices = Enumerable.Range(0, 40).Select(i => ApplicationCommandOptionChoice.String(new string('n', 150) + i, "v" + i));

        var fitted = ReplyLimits.FitChoices(choices);

        Assert.Equal(25, fitted.Count);
        Assert.All(fitted, c => Assert.True(c.Name.Length <= 100));
        PayloadValidator.Validate(InteractionResponse.Autocomplete(fitted));
    }
}
