namespace PaperBot.Discord.Limits;

/// <summary>Discord's documented payload limits. Lengths count UTF-16 code units, which is never fewer than Discord counts.</summary>
public static class DiscordLimits
{
    public const int MessageContent = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooterText = 2048;
    public const int EmbedAuthorName = 256;
    public const int EmbedTotalText = 6000;
    public const int CustomId = 100;
    public const int ActionRows = 5;
    public const int ButtonsPerRow = 5;
    public const int ButtonLabel = 80;
    public const int SelectOptions = 25;
    public const int SelectOptionText = 100;
    public const int SelectPlaceholder = 150;
    public const int AutocompleteChoices = 25;
    public const int ChoiceName = 100;
    public const int ChoiceStringValue = 100;
    public const int CommandName = 32;
    public const int CommandDescription = 100;
    public const int CommandOptions = 25;
    public const int FilesPerMessage = 10;
    public const int ChannelName = 100;
    public const int MaxSlowModeSeconds = 21600;

    /// <summary>The only auto_archive_duration values Discord takes, in minutes (an hour, a day, three days, a week).</summary>
    public static IReadOnlyList<int> ThreadArchiveDurations { get; } = [60, 1440, 4320, 10080];

    /// <summary>Discord's default upload limit per file (servers without boosts, and interactions' attachment_size_limit).</summary>
    public const long FileBytes = 10 * 1024 * 1024;
}
