using System.Globalization;
using PaperBot.FakeDiscord;

// Standalone fake for manual end-to-end runs: dotnet run --project tests/PaperBot.FakeDiscord -- --port 5099 [--token T]
var options = new FakeDiscordOptions { Port = 5099 };
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--token":
            options.BotToken = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; usage: --port N --token T");
            return 2;
    }
}

await using var server = await FakeDiscordServer.StartAsync(options);
var guild = server.CreateGuild();
var channel = server.CreateChannel(guild);
Console.WriteLine($"""
    Fake Discord listening.
      Discord:RestBaseUrl = {server.RestBaseUrl}
      Discord:Token       = {server.BotToken}
      gateway             = {server.GatewayUrl}
      guild {guild}, channel {channel}
    Control (curl):
      {server.BaseUrl}_fake/slash?name=paper&guild={guild}&channel={channel}&user=42&options=[...]
      {server.BaseUrl}_fake/reaction?channel={channel}&message=ID&user=42&emoji=%F0%9F%94%96[&remove=true]
      {server.BaseUrl}_fake/messages?channel={channel}   {server.BaseUrl}_fake/requests   {server.BaseUrl}_fake/rejections
      {server.BaseUrl}_fake/guild?name=X   {server.BaseUrl}_fake/channel?guild=ID&name=X
    Ctrl+C to stop.
    """);

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
await stop.Task;
return 0;
