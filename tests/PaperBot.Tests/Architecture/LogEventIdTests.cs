using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PaperBot.Tests.Architecture;

/// <summary>Each log event id names one event: an operator filtering on an id sees one message, never two.</summary>
public sealed class LogEventIdTests
{
    private const BindingFlags AllMethods = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void LoggerMessages_InTheBotAndTheDiscordClient_UseEachEventIdOnce()
    {
        var assemblies = new[] { typeof(PaperBot.Papers.Paper).Assembly, typeof(PaperBot.Discord.DiscordOptions).Assembly };

        var messages = assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(AllMethods).Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(m => m.Attribute is not null)
            .Select(m => (m.Attribute!.EventId, Where: $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}"))
            .ToList();
        var reused = messages
            .GroupBy(m => m.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Where))}")
            .ToList();

        Assert.True(messages.Count > 100, $"found only {messages.Count} [LoggerMessage] methods; is the scan still reading them?");
        Assert.True(reused.Count == 0, "Log event ids used more than once:\n" + string.Join("\n", reused));
    }
}
