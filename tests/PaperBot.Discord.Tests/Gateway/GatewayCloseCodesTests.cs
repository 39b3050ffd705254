using PaperBot.Discord.Gateway;

namespace PaperBot.Discord.Tests.Gateway;

public sealed class GatewayCloseCodesTests
{
    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public void Classify_ConfigurationErrors_AreFatal(int code)
    {
        Assert.Equal(GatewayCloseAction.Fatal, GatewayCloseCodes.Classify(code));
        Assert.True(GatewayCloseCodes.IsFatal(code));
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public void Classify_LostSession_Reidentifies(int code) =>
        Assert.Equal(GatewayCloseAction.Reidentify, GatewayCloseCodes.Classify(code));

    [Theory]
    [InlineData(4000)]
    [InlineData(4001)]
    [InlineData(4002)]
    [InlineData(4003)]
    [InlineData(4005)]
    [InlineData(4008)]
    [InlineData(1001)]
    [InlineData(1006)]
    [InlineData(null)]
    public void Classify_TransportErrors_Resume(int? code) =>
        Assert.Equal(GatewayCloseAction.Resume, GatewayCloseCodes.Classify(code));

    [Fact]
    public void FatalException_AuthenticationFailed_NamesCodeAndSetting()
    {
        var ex = new DiscordGatewayFatalException(4004);

        Assert.Equal(4004, ex.CloseCode);
        Assert.Contains("4004", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Discord:Token", ex.Message, StringComparison.Ordinal);
    }
}
