namespace PaperBot.Shell;

/// <summary>How the shell talks: with a banner and prompt at a terminal, quietly when piped.</summary>
public sealed record ShellSettings
{
    /// <summary>Config key of the folder attachments (e.g. <c>/library export</c>) are written to.</summary>
    public const string FilesFolderKey = "Shell:FilesFolder";

    /// <summary>A banner and a <c>&gt; </c> prompt before each line; off when input is piped.</summary>
    public bool Interactive { get; init; }

    /// <summary>Keys for the line editor (history, cursor movement, Tab completion); null reads plain lines, as when piped.</summary>
    public IKeyInput? Keys { get; init; }

    /// <summary>Where attached files are saved; the current directory when null.</summary>
    public string? FilesFolder { get; init; }
}
