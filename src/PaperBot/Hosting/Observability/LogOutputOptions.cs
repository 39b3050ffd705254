namespace PaperBot.Hosting.Observability;

/// <summary>The <c>Logging:Format</c> key: text lines for people, JSON lines for log collectors.</summary>
public sealed class LogOutputOptions
{
    public const string SectionName = "Logging";

    public const string Text = "text";

    public const string Json = "json";

    public string Format { get; set; } = Text;

    public bool IsJson => string.Equals(Format, Json, StringComparison.OrdinalIgnoreCase);
}
