using PaperBot.Scheduling;

namespace PaperBot.Digest;

/// <summary>Lets a command wake the digest loop early (a new subscription, <c>/digest now</c>) instead of waiting out its sleep.</summary>
public sealed class DigestWakeup : DueWakeup;
