namespace PaperBot.Digest;

/// <summary>How a channel's new papers are ordered (<c>/digest subscribe like:</c>).</summary>
public enum DigestLike
{
    /// <summary>By how well they match the topics (and their upvotes).</summary>
    Topics = 0,

    /// <summary>By closeness in meaning to the papers members saved from this channel's posts; topic order without saves.</summary>
    Saves = 1,
}
