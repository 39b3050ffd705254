namespace PaperBot.Ingestion;

/// <summary>Settings of the <c>Ingestion</c> section: where new papers come from and how often.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Time between two ingestion runs of the hosted service.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Run once as soon as the service starts, instead of waiting one interval.</summary>
    public bool RunOnStart { get; set; } = true;

    public Uri HuggingFaceBaseUrl { get; set; } = new("https://huggingface.co");

    public Uri ArxivApiBaseUrl { get; set; } = new("https://export.arxiv.org");

    /// <summary>arXiv categories to follow; announcements cross-listed into them count too.</summary>
    public IList<string> ArxivCategories { get; } = [];

    public HuggingFaceSourceOptions HuggingFace { get; set; } = new();

    public ArxivSourceOptions Arxiv { get; set; } = new();

    /// <summary>Retries of one HTTP request after a 5xx, 429, timeout or network error.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>Base of the exponential backoff between retries (with jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The categories to query: the configured ones, or cs.CL, cs.LG and cs.CV when none are set.</summary>
    public IReadOnlyList<string> EffectiveCategories =>
        ArxivCategories.Count > 0 ? [.. ArxivCategories] : ["cs.CL", "cs.LG", "cs.CV"];
}

public sealed class HuggingFaceSourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>limit</c> query parameter (the API serves at most 100 per page).</summary>
    public int PageSize { get; set; } = 100;

    public int MaxPages { get; set; } = 10;
}

public sealed class ArxivSourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The <c>max_results</c> of one request.</summary>
    public int PageSize { get; set; } = 200;

    /// <summary>Stop paging after this many entries in one run.</summary>
    public int MaxResults { get; set; } = 2000;

    /// <summary>arXiv asks API clients for at most one request every 3 seconds.</summary>
    public TimeSpan MinRequestInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A scheduled run pages back until submissions are older than this many days.</summary>
    public int LookbackDays { get; set; } = 2;

    /// <summary>Fetch a paper named in a command or a link from the arXiv API when it is not in the store (independent of <see cref="Enabled"/>).</summary>
    public bool OnDemand { get; set; } = true;
}
