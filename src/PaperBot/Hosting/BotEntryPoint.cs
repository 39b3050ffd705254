namespace PaperBot.Hosting;

/// <summary>
/// Where <c>paperbot</c> (no verb), <c>paperbot run</c> and <c>paperbot shell</c> land. Build the host with
/// <see cref="PaperBotHost.CreateBuilder"/> using <see cref="PaperBotHostMode.Bot"/>.
/// </summary>
public static class BotEntryPoint
{
    public static async Task<int> RunAsync(BotLaunch launch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        await launch.Output.WriteLineAsync(
            $"PaperBot {launch.Mode.ToString().ToLowerInvariant()} mode is not wired yet; try 'paperbot --help' for the CLI verbs."
                .AsMemory(),
            cancellationToken).ConfigureAwait(false);
        return 0;
    }
}
