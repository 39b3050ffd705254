using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PaperBot.Hosting;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

public sealed class ConsoleLoggingTests
{
    [Theory]
    [InlineData("json", ConsoleFormatterNames.Json)]
    [InlineData("JSON", ConsoleFormatterNames.Json)]
    [InlineData("text", ConsoleFormatterNames.Simple)]
    public void CreateBuilder_LoggingFormat_PicksConsoleFormatter(string format, string expected)
    {
        using var cli = new CliHarness();
        using var host = PaperBotHost.CreateBuilder(new PaperBotHostSettings
        {
            Mode = PaperBotHostMode.Bot,
            DatabasePath = cli.DatabasePath,
            Overrides = new Dictionary<string, string?> { ["Logging:Format"] = format },
        }).Build();

        var options = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(expected, options.FormatterName);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Trace, options.LogToStandardErrorThreshold);
    }
}
