namespace PaperBot.Papers;

/// <summary>
/// One paper as PaperBot knows it. The id is the key (<see cref="PaperId"/>: the normalized arXiv id, or the id an
/// import from another source gave); everything else is what the sources told us, merged (see <see cref="PaperMerge"/>).
/// </summary>
public sealed record Paper
{
    /// <summary>Normalized arXiv id without version (<c>2410.03355</c>, <c>hep-th/9901001</c>), or another source's id (<see cref="PaperId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>Latest arXiv version number known (1 when unknown).</summary>
    public int Version { get; init; } = 1;

    public required string Title { get; init; }

    public string Abstract { get; init; } = "";

    /// <summary>Authors in the paper's order.</summary>
    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>Date of the first version.</summary>
    public DateOnly? Published { get; init; }

    /// <summary>When the latest version was announced or updated.</summary>
    public DateTimeOffset? Updated { get; init; }

    /// <summary>arXiv categories, primary first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? CodeUrl { get; init; }

    public string? ProjectUrl { get; init; }

    /// <summary>Hugging Face Daily Papers upvotes, when known.</summary>
    public int? Upvotes { get; init; }

    /// <summary>Hugging Face comment count, when known.</summary>
    public int? Comments { get; init; }

    public string? AiSummary { get; init; }

    public IReadOnlyList<string> AiKeywords { get; init; } = [];

    /// <summary>Where the paper came from: <c>seed</c>, <c>huggingface</c>, <c>arxiv</c>, <c>import</c>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>When PaperBot first stored the paper (UTC). Set by the store.</summary>
    public DateTimeOffset? FirstSeen { get; init; }

    public string? PrimaryCategory => Categories.Count > 0 ? Categories[0] : null;

    /// <summary>The title as people read it (<see cref="LatexText"/>: LaTeX as Unicode, math kept): what chat and the shell show.</summary>
    public string DisplayTitle => LatexText.ToUnicode(Title);

    /// <summary>The abstract as people read it, see <see cref="DisplayTitle"/>.</summary>
    public string DisplayAbstract => LatexText.ToUnicode(Abstract);

    /// <summary>The paper's page: arXiv's abstract page, a DOI's resolver, or none for another source's id (<see cref="PaperId.PageOf"/>).</summary>
    public Uri? AbsUrl => PaperId.PageOf(Id);

    /// <summary>Whether the paper is an arXiv paper (its id an arXiv id), as opposed to one imported from another source.</summary>
    public bool IsArxiv => PaperId.IsArxiv(Id);

    /// <summary>
    /// The publication date; without one, the first day of the month in the arXiv id, when the first version
    /// was submitted (arXiv's own BibTeX gives that year and month).
    /// </summary>
    public DateOnly? DateOrSubmissionMonth => Published ?? ArxivId.SubmissionMonthOf(Id);

    /// <summary>
    /// What to tell someone who asked for <paramref name="version"/> when another one is stored; null when they
    /// asked for no version or the stored one. <paramref name="link"/> formats the versioned arXiv link.
    /// </summary>
    public string? VersionNote(int? version, Func<Uri, string> link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (version is not { } asked || asked == Version || !IsArxiv)
        {
            return null;
        }

        var url = link(new Uri($"{AbsUrl}v{asked}"));
        return asked > Version
            ? $"PaperBot has v{Version} of this paper; for v{asked}, see arXiv: {url}"
            : $"This is v{Version}, the latest PaperBot has; for v{asked}, see arXiv: {url}";
    }

    /// <summary>arXiv's PDF of the paper; none for a paper from another source.</summary>
    public Uri? PdfUrl => PaperId.PdfOf(Id);

    public Uri HuggingFaceUrl => new($"https://huggingface.co/papers/{Id}");
}
