using Microsoft.Extensions.DependencyInjection;
using PaperBot.Storage;

namespace PaperBot.Tests.TestSupport;

/// <summary>
/// A test class whose tests each start their own bot (<see cref="StartAsync"/>, with the state in the test's
/// provider's database) and leave it to be disposed after the test.
/// </summary>
public abstract class BotTestBase : IAsyncLifetime
{
    private BotHarness? _bot;

    private protected BotHarness Bot => _bot ?? throw new InvalidOperationException("Call StartAsync first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_bot is not null)
        {
            await _bot.DisposeAsync();
        }
    }

    /// <summary>Starts this test's bot with the state in <paramref name="provider"/>'s database.</summary>
    private protected async Task StartAsync(
        StorageProvider provider = StorageProvider.Sqlite,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        _bot = await BotHarness.StartAsync(settings, configure, provider: provider);
    }
}
