using Microsoft.Extensions.Logging;

namespace PaperBot.Papers.Search;

public sealed partial class PaperSearch
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Search failed in SQLite (error {Code}): {Message}")]
        public static partial void SearchFailed(ILogger logger, int code, string message);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Counted the {Words} frequent words of the search index in {Seconds:0.0} s")]
        public static partial void FrequentWordsCounted(ILogger logger, int words, double seconds);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Made the best-paper lists of the {Words} most frequent words in {Seconds:0.0} s")]
        public static partial void CommonListsMade(ILogger logger, int words, double seconds);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Could not count the frequent words of the search index (SQLite error {Code}): {Message}")]
        public static partial void FrequentWordsNotCounted(ILogger logger, int code, string message);
    }
}
