using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PaperBot.Digest;
using PaperBot.Interactions;
using PaperBot.Scheduling;

namespace PaperBot.Club;

public static class ClubServiceCollectionExtensions
{
    /// <summary>
    /// The journal club's store, calendar and <c>/club</c> module, with <see cref="ClubOptions"/>. Needs the
    /// storage, papers, digest (a channel's time zone) and Discord REST registrations. The reminder loop is <see cref="AddClubService"/>.
    /// </summary>
    public static IServiceCollection AddClub(this IServiceCollection services)
    {
        services.AddOptions<ClubOptions>()
            .BindConfiguration(ClubOptions.SectionName)
            .Validate(o => DigestSchedule.TryFindZone(o.DefaultTimeZone, out _), $"{ClubOptions.SectionName}:DefaultTimeZone must be an IANA time zone, e.g. UTC or Europe/Berlin.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero, $"{ClubOptions.SectionName}:RetryDelay must be positive.")
            .Validate(o => o.MaxSleep > TimeSpan.Zero, $"{ClubOptions.SectionName}:MaxSleep must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ClubStore>();
        services.TryAddSingleton<ClubWakeup>();
        services.TryAddSingleton<ClubCalendar>();
        services.TryAddScoped<ClubCommands>();
        services.TryAddScoped<ClubReminders>();
        services.AddCommandModule<ClubCommandModule>();
        return services;
    }

    /// <summary>The reminder loop, for the bot process only.</summary>
    public static IServiceCollection AddClubService(this IServiceCollection services)
    {
        services.AddDueLoop<ClubReminders, ClubWakeup>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ClubOptions>>().Value;
            return new DueLoopSettings("Journal club reminder", options.Enabled, $"{ClubOptions.SectionName}:{nameof(ClubOptions.Enabled)}", options.RetryDelay);
        });
        return services;
    }
}
