using System.Text;

namespace PaperBot.Shell;

/// <summary>Where the line editor's keys come from: the console, or a script in tests.</summary>
public interface IKeyInput
{
    /// <summary>The next key, or null when the input has ended.</summary>
    ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken);
}

/// <summary>The terminal's keys, unechoed (the editor draws the line itself).</summary>
public sealed class ConsoleKeyInput : IKeyInput
{
    // Console.ReadKey blocks and cannot be cancelled; off the caller's thread, a Ctrl+C still ends the shell.
    public async ValueTask<ConsoleKeyInfo?> ReadKeyAsync(CancellationToken cancellationToken) =>
        await Task.Run(() => Console.ReadKey(intercept: true), cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// A small line editor for the interactive shell: Left/Right/Home/End (and Ctrl+A/E) move, Backspace/Delete
/// erase, Ctrl+U clears, Up/Down walk the history, Tab completes from <see cref="ShellCompleter"/>. The line
/// is redrawn with ANSI sequences, which every terminal the shell runs in understands. No library: the only
/// served one (RadLine) is a preview.
/// </summary>
public sealed class LineEditor(IKeyInput keys, TextWriter output, Func<string, CancellationToken, Task<IReadOnlyList<string>>> complete)
{
    private readonly List<string> _history = [];

    public IReadOnlyList<string> History => _history;

    /// <summary>The line the user entered, or null at the end of input (Ctrl+D on an empty line).</summary>
    public async Task<string?> ReadLineAsync(string prompt, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var cursor = 0;
        var recalled = _history.Count;
        var draft = "";
        var lastWasTab = false;
        await DrawAsync(prompt, line, cursor, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            if (await keys.ReadKeyAsync(cancellationToken).ConfigureAwait(false) is not { } key)
            {
                return line.Length > 0 ? await EndAsync(line, cancellationToken).ConfigureAwait(false) : null;
            }

            var tab = key.Key == ConsoleKey.Tab;
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    return await EndAsync(line, cancellationToken).ConfigureAwait(false);
                case ConsoleKey.D when control && line.Length == 0:
                    await output.WriteLineAsync(ReadOnlyMemory<char>.Empty, cancellationToken).ConfigureAwait(false);
                    return null;
                case ConsoleKey.LeftArrow:
                    cursor = Math.Max(0, cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                    cursor = Math.Min(line.Length, cursor + 1);
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    cursor = line.Length;
                    break;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.U when control:
                    line.Remove(0, cursor);
                    cursor = 0;
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    if (recalled == _history.Count)
                    {
                        draft = line.ToString();
                    }

                    cursor = Replace(line, _history[--recalled]);
                    break;
                case ConsoleKey.DownArrow when recalled < _history.Count:
                    recalled++;
                    cursor = Replace(line, recalled == _history.Count ? draft : _history[recalled]);
                    break;
                case ConsoleKey.Tab:
                    cursor = await CompleteAsync(line, cursor, listAll: lastWasTab, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    if (!control && key.KeyChar >= ' ' && key.KeyChar != '\u007f')
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }

                    break;
            }

            lastWasTab = tab;
            await DrawAsync(prompt, line, cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> EndAsync(StringBuilder line, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(ReadOnlyMemory<char>.Empty, cancellationToken).ConfigureAwait(false);
        var text = line.ToString();
        if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
        {
            _history.Add(text);
        }

        return text;
    }

    /// <summary>
    /// Completes the text before the cursor: one candidate is taken whole, several extend it to their common
    /// start; a second Tab in a row lists them.
    /// </summary>
    private async Task<int> CompleteAsync(StringBuilder line, int cursor, bool listAll, CancellationToken cancellationToken)
    {
        var before = line.ToString(0, cursor);
        var candidates = await complete(before, cancellationToken).ConfigureAwait(false);
        if (candidates.Count == 0)
        {
            return cursor;
        }

        var common = candidates.Count == 1 ? candidates[0] : CommonPrefix(candidates);
        if (common.Length > before.Length)
        {
            line.Remove(0, cursor).Insert(0, common);
            return common.Length;
        }

        if (listAll || candidates.Count > 1)
        {
            await output.WriteLineAsync(ReadOnlyMemory<char>.Empty, cancellationToken).ConfigureAwait(false);
            foreach (var candidate in candidates)
            {
                await output.WriteLineAsync($"  {candidate}".AsMemory(), cancellationToken).ConfigureAwait(false);
            }
        }

        return cursor;
    }

    private async Task DrawAsync(string prompt, StringBuilder line, int cursor, CancellationToken cancellationToken)
    {
        // Back to the start of the row, the whole line, erase what an older, longer line left, then put the cursor back.
        var text = new StringBuilder("\r").Append(prompt).Append(line).Append("\u001b[K");
        if (line.Length > cursor)
        {
            text.Append("\u001b[").Append(line.Length - cursor).Append('D');
        }

        await output.WriteAsync(text, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static int Replace(StringBuilder line, string text)
    {
        line.Clear().Append(text);
        return line.Length;
    }

    private static string CommonPrefix(IReadOnlyList<string> candidates)
    {
        var prefix = candidates[0];
        foreach (var candidate in candidates.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < candidate.Length && char.ToLowerInvariant(prefix[n]) == char.ToLowerInvariant(candidate[n]))
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }
}
