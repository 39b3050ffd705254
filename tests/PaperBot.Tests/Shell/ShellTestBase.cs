using PaperBot.Storage;

namespace PaperBot.Tests.Shell;

/// <summary>
/// For test classes that start one shell host per test, on the provider each test names: the same start and
/// dispose for every class (as <see cref="TestSupport.BotTestBase"/> for the bot).
/// </summary>
public abstract class ShellTestBase : IAsyncLifetime
{
    private ShellHarness? _shell;

    private protected ShellHarness Shell => _shell ?? throw new InvalidOperationException("Call StartAsync first.");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_shell is not null)
        {
            await _shell.DisposeAsync();
        }
    }

    /// <summary>Starts this test's shell with the state in <paramref name="provider"/>'s database.</summary>
    private protected async Task StartAsync(StorageProvider provider) =>
        _shell = await ShellHarness.StartAsync(provider: provider);
}
