using PaperBot.FakeDiscord;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// The suite-wide rule the bot harnesses apply when disposed: everything the bot sends must pass the fake's
/// validation, in every test, not only where a test checks; only the error codes a test provokes on purpose
/// (a deleted channel, a missing permission) are let through.
/// </summary>
internal static class FakeDiscordRejections
{
    public static List<RecordedRejection> Unexpected(FakeDiscordServer discord, IReadOnlySet<int> expectedCodes) =>
        [.. discord.Rejections.Where(r => !expectedCodes.Contains(r.Code))];

    public static void AssertNone(IReadOnlyList<RecordedRejection> unexpected) =>
        Assert.True(unexpected.Count == 0, "the fake Discord rejected what the bot sent:\n" + string.Join('\n', unexpected));
}
