using System.Diagnostics;
using System.Text;
using PaperBot.FakeDiscord;
using PaperBot.Tests.TestSupport;

namespace PaperBot.Tests.Hosting;

/// <summary>The real <c>paperbot.dll</c> in bot mode against the fake Discord server.</summary>
public sealed class BotProcessTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "paperbot-botproc-" + Guid.NewGuid().ToString("N"));
    private FakeDiscordServer _discord = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _discord = await FakeDiscordServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task NoVerb_WithToken_ConnectsRegistersAnswersAndStopsCleanlyOnSigterm()
    {
        using var bot = Start(_discord.BotToken);
        await _discord.WaitForReadyAsync(TimeSpan.FromSeconds(30));
        Assert.True(await _discord.WaitUntilAsync(() => _discord.CommandOverwriteCount == 1, TimeSpan.FromSeconds(10)), bot.Output());
        var guild = _discord.CreateGuild();
        var channel = _discord.CreateChannel(guild);

        var interaction = await _discord.InjectSlashCommandAsync("paperbot", [new System.Text.Json.Nodes.JsonObject { ["name"] = "help", ["type"] = 1 }], guild, channel, 77);
        await interaction.InitialResponse.WaitAsync(TimeSpan.FromSeconds(5));
        using (var kill = Process.Start("kill", ["-TERM", bot.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await bot.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Contains("`/paper search`", interaction.OriginalMessage!.Content, StringComparison.Ordinal);
        Assert.True(bot.Process.ExitCode == 0, bot.Output());
        Assert.Empty(_discord.Rejections);
    }

    [Fact]
    public async Task Run_WithoutToken_Exits2AndSaysHowToConfigureOne()
    {
        using var bot = Start(token: null, "run");

        await bot.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, bot.Process.ExitCode);
        Assert.Contains("Discord__Token", bot.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TokenRefused_Exits1WithReason_AndTheTokenAppearsNowhere()
    {
        const string token = "NzEx.wrong.TOKEN-THAT-MUST-NOT-LEAK";
        using var bot = Start(token, "run");

        await bot.Process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.True(bot.Process.ExitCode == 1, bot.Output());
        Assert.Contains("Authentication failed", bot.Error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("MUST-NOT-LEAK", bot.Output(), StringComparison.Ordinal);
        Assert.DoesNotContain("NzEx", bot.Output(), StringComparison.Ordinal);
    }

    private RunningBot Start(string? token, params string[] args)
    {
        var start = PaperbotProcess.StartInfo(_directory, ["--db", Path.Combine(_directory, "papers.db"), .. args]);
        start.RedirectStandardInput = true;
        start.Environment.Remove("Discord__Token");
        start.Environment.Remove("PaperBot__Discord__Token");
        if (token is not null)
        {
            start.Environment["Discord__Token"] = token;
        }

        start.Environment["Discord__RestBaseUrl"] = _discord.RestBaseUrl.AbsoluteUri;
        start.Environment["Ingestion__RunOnStart"] = "false";
        start.Environment["Ingestion__HuggingFace__Enabled"] = "false";
        start.Environment["Ingestion__Arxiv__Enabled"] = "false";
        start.Environment["Ingestion__HuggingFaceBaseUrl"] = "http://127.0.0.1:9/";
        start.Environment["Ingestion__ArxivApiBaseUrl"] = "http://127.0.0.1:9/";

        return new RunningBot(Process.Start(start)!);
    }

    private sealed class RunningBot : IDisposable
    {
        public RunningBot(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(Out, e.Data);
            process.ErrorDataReceived += (_, e) => Append(Error, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public StringBuilder Out { get; } = new();

        public StringBuilder Error { get; } = new();

        public string Output()
        {
            lock (Out)
            {
                lock (Error)
                {
                    return $"stdout:\n{Out}\nstderr:\n{Error}";
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private static void Append(StringBuilder builder, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (builder)
            {
                builder.AppendLine(line);
            }
        }
    }
}
