using PaperBot.Scheduling;

namespace PaperBot.Club;

/// <summary>
/// Lets <c>/club schedule</c> wake the reminder loop when it owes a reminder sooner than the loop sleeps; its own
/// instance, so a club signal never wakes the digest loop.
/// </summary>
public sealed class ClubWakeup : DueWakeup;
