using PaperBot.Hosting;

namespace PaperBot.Tests.Hosting;

public sealed class MallocArenasTests
{
    [Fact]
    public void Apply_OnLinux_IsTakenByGlibcUnlessTheOperatorSetItAlready()
    {
        var expected = OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null;

        Assert.Equal(expected, MallocArenas.Apply());
    }
}
