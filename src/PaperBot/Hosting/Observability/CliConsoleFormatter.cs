using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PaperBot.Hosting.Observability;

/// <summary>
/// The console format of CLI verbs and the shell: <c>warn: message (HttpRequestException: reason)</c> on one
/// line, without the category or a stack trace. A terminal user reads it; <c>Cli:LogLevel</c> Debug or Trace
/// switches back to the full format for debugging.
/// </summary>
internal sealed class CliConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "paperbot-cli";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception) ?? "";
        var level = logEntry.LogLevel switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        textWriter.Write(level);
        textWriter.Write(": ");
        textWriter.Write(message.ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            var innermost = exception.GetBaseException();
            textWriter.Write($" ({innermost.GetType().Name}: {innermost.Message.ReplaceLineEndings(" ")})");
        }

        textWriter.WriteLine();
    }
}
