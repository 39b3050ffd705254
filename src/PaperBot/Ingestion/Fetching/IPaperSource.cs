using PaperBot.Papers;

namespace PaperBot.Ingestion.Fetching;

/// <summary>One place new papers come from. Each source is fetched and stored on its own so one failing never stops another.</summary>
public interface IPaperSource
{
    /// <summary>The name used in logs, app_state keys and reports: <c>huggingface</c>, <c>arxiv</c>.</summary>
    string Name { get; }

    bool Enabled { get; }

    /// <summary>
    /// Fetches the papers of <paramref name="date"/> (UTC), or the latest ones when null.
    /// Throws <see cref="PaperSourceException"/> when the source answered something unusable.
    /// </summary>
    Task<SourceFetch> FetchAsync(DateOnly? date, CancellationToken cancellationToken);
}

/// <summary>What one source returned in one run.</summary>
public sealed record SourceFetch(IReadOnlyList<Paper> Papers, int Requests, int Refused);

/// <summary>A source answered with something that cannot be read (not a network error: those are HttpRequestException).</summary>
public sealed class PaperSourceException : Exception
{
    public PaperSourceException()
    {
    }

    public PaperSourceException(string message)
        : base(message)
    {
    }

    public PaperSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
