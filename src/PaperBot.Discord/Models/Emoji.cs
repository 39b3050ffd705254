namespace PaperBot.Discord.Models;

/// <summary>An emoji: unicode emoji have only <see cref="Name"/>; custom emoji have an id too.</summary>
public sealed record Emoji
{
    public ulong? Id { get; init; }

    public string? Name { get; init; }

    public bool? Animated { get; init; }

    public static Emoji Unicode(string value) => new() { Name = value };

    /// <summary>The form the reaction routes take: the unicode emoji itself, or <c>name:id</c> for custom emoji.</summary>
    public string ToReactionString() => Id is { } id ? $"{Name}:{id}" : Name ?? "";

    /// <summary>True when this emoji is the given reaction string (unicode, or <c>name:id</c>).</summary>
    public bool Matches(string reaction) => string.Equals(ToReactionString(), reaction, StringComparison.Ordinal);
}
