using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PaperBot.Club;
using PaperBot.FakeDiscord;
using PaperBot.Storage;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Club;

/// <summary>The /club command tests: each starts its own bot on a fake clock at <see cref="ClubBot.CommandsStart"/>.</summary>
public abstract class ClubCommandTestBase : BotTestBase
{
    private protected Task StartAsync(StorageProvider provider) =>
        StartAsync(provider, configure: services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(ClubBot.CommandsStart)));

    private protected ClubStore Store() => Bot.Host.Services.GetRequiredService<ClubStore>();

    private protected List<FakeMessage> Announcements() => ClubBot.Announcements(Bot);
}
