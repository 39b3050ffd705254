using PaperBot.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C asks the verb or the bot to stop cleanly; a second one kills the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await PaperBotCli.RunAsync(args, CliConsole.System, cancellation.Token);
