using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PaperBot.Interactions;

namespace PaperBot.Shell;

/// <summary>
/// The local console chat: slash commands typed as text run through the same dispatcher and handlers as on
/// Discord; only the responder differs (it renders answers as text).
/// </summary>
public static class LocalShell
{
    /// <summary>
    /// Reads commands from <paramref name="input"/> until its end or <c>quit</c>; 0 on a clean end. Interactive
    /// (banner and prompt) when <paramref name="input"/> is the console and it is a terminal.
    /// </summary>
    public static Task<int> RunAsync(IServiceProvider services, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        var settings = new ShellSettings
        {
            Interactive = ReferenceEquals(input, Console.In) && !Console.IsInputRedirected,
            FilesFolder = services.GetService<IConfiguration>()?[ShellSettings.FilesFolderKey],
        };
        return RunAsync(services, input, output, settings, cancellationToken);
    }

    public static async Task<int> RunAsync(IServiceProvider services, TextReader input, TextWriter output, ShellSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        var dispatcher = services.GetRequiredService<InteractionDispatcher>();
        var folder = string.IsNullOrWhiteSpace(settings.FilesFolder) ? Directory.GetCurrentDirectory() : Path.GetFullPath(settings.FilesFolder);
        var session = new ShellSession(dispatcher, new ShellResponder(output, folder), output);
        if (settings.Interactive)
        {
            await output.WriteLineAsync(ShellHelp.Banner.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            if (settings.Interactive)
            {
                await output.WriteAsync("> ".AsMemory(), cancellationToken).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || !await session.HandleAsync(line, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
        }
    }
}
