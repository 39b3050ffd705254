namespace PaperBot.Cli;

/// <summary>The streams a CLI run talks to; <see cref="ErrorIsTerminal"/> decides whether progress lines are drawn.</summary>
public sealed record CliConsole(TextReader In, TextWriter Out, TextWriter Error, bool ErrorIsTerminal)
{
    public static CliConsole System => new(Console.In, Console.Out, Console.Error, ErrorIsTerminal: !Console.IsErrorRedirected);
}

public static class CliExitCodes
{
    public const int Success = 0;

    /// <summary>Bad input: unreadable file, unknown id, bad arguments, a database PaperBot cannot open.</summary>
    public const int BadInput = 1;

    /// <summary>Anything unexpected.</summary>
    public const int Failure = 2;

    /// <summary>Ctrl+C, as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}

/// <summary>A user mistake the CLI explains in one line on stderr and exits with 1.</summary>
public sealed class CliUsageException(string message) : Exception(message);
