using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace PaperBot.Hosting.Observability;

public static class ConsoleLogging
{
    /// <summary>Adds the console logger in the format <c>Logging:Format</c> names (<c>text</c> unless it says <c>json</c>).</summary>
    public static ILoggingBuilder AddPaperBotConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new LogOutputOptions();
        configuration.GetSection(LogOutputOptions.SectionName).Bind(options);
        if (options.IsJson)
        {
            logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o => o.SingleLine = true);
        }

        return logging;
    }
}
