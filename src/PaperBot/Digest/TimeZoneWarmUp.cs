using Microsoft.Extensions.Hosting;

namespace PaperBot.Digest;

/// <summary>
/// Reads the system's time zone list in the background at start-up, on Discord and in the shell, so the
/// first <c>timezone:</c> autocomplete answers at once instead of waiting on the zone database (an
/// autocomplete that misses Discord's deadline shows the user nothing).
/// </summary>
internal sealed class TimeZoneWarmUp : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(DigestSubscriptionService.LoadTimeZones, stoppingToken);
}
