namespace PaperBot.Scheduling;

/// <summary>
/// What a feature tells its due loop: a name for the log, whether the loop runs at all (and the setting that
/// says so), and how long a failed pass waits before the next try.
/// </summary>
public sealed record DueLoopSettings(string Name, bool Enabled, string EnabledSetting, TimeSpan RetryDelay);
