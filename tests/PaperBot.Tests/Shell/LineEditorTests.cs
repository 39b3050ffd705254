using PaperBot.Shell;

namespace PaperBot.Tests.Shell;

/// <summary>Keys as a terminal sends them, for the line editor's input abstraction; the end of the script ends the input.</summary>
internal sealed class ScriptedKeys : IKeyInput
{
    private readonly Queue<ConsoleKeyInfo> _keys = new();

    public ScriptedKeys Type(string text)
    {
        foreach (var c in text)
        {
            _keys.Enqueue(new ConsoleKeyInfo(c, c is >= 'a' and <= 'z' ? ConsoleKey.A + (c - 'a') : 0, false, false, false));
        }

        return this;
    }

    public ScriptedKeys Press(ConsoleKey key, int times = 1, bool control = false)
    {
        for (var i = 0; i < times; i++)
        {
            var c = key switch { ConsoleKey.Enter => '\r', ConsoleKey.Tab => '\t', ConsoleKey.Backspace => '\b', _ => '\0' };
            _keys.Enqueue(new ConsoleKeyInfo(c, key, false, false, control));
        }

        return this;
    }

    public ScriptedKeys Enter() => Press(ConsoleKey.Enter);

    public ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<ConsoleKeyInfo?>(_keys.TryDequeue(out var key) ? key : null);
}

public sealed class LineEditorTests
{
    private static readonly Func<string, CancellationToken, Task<IReadOnlyList<string>>> NoCompletion = (_, _) => Task.FromResult<IReadOnlyList<string>>([]);

    private static async Task<List<string>> LinesAsync(ScriptedKeys keys, Func<string, CancellationToken, Task<IReadOnlyList<string>>>? complete = null)
    {
        var editor = new LineEditor(keys, TextWriter.Null, complete ?? NoCompletion);
        var lines = new List<string>();
        while (await editor.ReadLineAsync("> ", CancellationToken.None) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    [Fact]
    public async Task ReadLineAsync_UpAndDown_RecallHistoryAndTheDraft()
    {
        var keys = new ScriptedKeys()
            .Type("first").Enter()
            .Type("second").Enter()
            .Press(ConsoleKey.UpArrow, 2).Enter()                                     // first
            .Type("draft").Press(ConsoleKey.UpArrow).Press(ConsoleKey.DownArrow).Enter(); // back to the draft

        Assert.Equal(["first", "second", "first", "draft"], await LinesAsync(keys));
    }

    [Fact]
    public async Task ReadLineAsync_CursorMovement_InsertsAndErasesWhereTheCursorIs()
    {
        var keys = new ScriptedKeys()
            .Type("earch x").Press(ConsoleKey.Home).Type("/s").Press(ConsoleKey.End).Type("y").Enter()       // /search xy
            .Type("abcd").Press(ConsoleKey.LeftArrow, 2).Press(ConsoleKey.Backspace).Press(ConsoleKey.Delete).Enter() // ad
            .Type("junk").Press(ConsoleKey.U, control: true).Type("ok").Enter();

        Assert.Equal(["/search xy", "ad", "ok"], await LinesAsync(keys));
    }

    [Fact]
    public async Task ReadLineAsync_Tab_TakesTheOnlyCandidateOrTheCommonStart()
    {
        Task<IReadOnlyList<string>> Complete(string before, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>(
            before.StartsWith("/l", StringComparison.Ordinal) ? ["/latest ", "/library "] : before == "/s" ? ["/search "] : []);
        var keys = new ScriptedKeys()
            .Type("/s").Press(ConsoleKey.Tab).Type("x").Enter()
            .Type("/l").Press(ConsoleKey.Tab).Enter()
            .Type("a\tb").Enter();

        Assert.Equal(["/search x", "/l", "ab"], await LinesAsync(keys, Complete));
    }

    [Fact]
    public async Task Shell_TypedKeys_TabCompletesCommandsAndUpRepeatsTheSearch()
    {
        await using var shell = await ShellHarness.StartAsync();
        var keys = new ScriptedKeys()
            .Type("/sea").Press(ConsoleKey.Tab).Type("speculative decoding").Enter()
            .Press(ConsoleKey.UpArrow).Enter()
            .Type("qu").Press(ConsoleKey.Tab).Enter();

        var (exitCode, output) = await shell.TypeAsync(keys);

        Assert.Equal(0, exitCode);
        Assert.Contains("> /search speculative decoding", output, StringComparison.Ordinal);
        Assert.Equal(2, output.Split("Papers matching “speculative decoding”", StringSplitOptions.None).Length - 1);
        Assert.Contains("> quit ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shell_TabOnAnOptionValue_OffersWhatSuggestLists()
    {
        await using var shell = await ShellHarness.StartAsync();
        var keys = new ScriptedKeys()
            .Type("/digest subscribe timezone: Europe/Berl").Press(ConsoleKey.Tab)
            .Press(ConsoleKey.U, control: true).Type("/paper se").Press(ConsoleKey.Tab)
            .Press(ConsoleKey.U, control: true).Type("/search sp").Press(ConsoleKey.Tab)
            .Press(ConsoleKey.U, control: true).Type("quit").Enter();

        var (_, output) = await shell.TypeAsync(keys);

        Assert.Contains("> /digest subscribe timezone: Europe/Berlin", output, StringComparison.Ordinal);
        Assert.Contains("> /paper search \u001b[K", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Suggestions:", output, StringComparison.Ordinal);
    }
}
