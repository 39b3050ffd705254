namespace PaperBot.Shell;

/// <summary>
/// The local console chat: slash commands typed as text run through the same dispatcher and handlers as on
/// Discord; only the responder differs (it renders answers as text).
/// </summary>
public static class LocalShell
{
    /// <summary>Reads commands from <paramref name="input"/> until its end or <c>quit</c>; 0 on a clean end.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await output.WriteLineAsync("The PaperBot shell is being built; this version only reads its input.".AsMemory(), cancellationToken).ConfigureAwait(false);
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is not null)
        {
        }

        return 0;
    }
}
