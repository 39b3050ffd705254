namespace PaperBot.Papers;

/// <summary>
/// What a digest may post as news: an arXiv paper (Hugging Face's daily papers are arXiv papers too) that is not known
/// only from the samples. A paper imported from another source (a DOI, a benchmark corpus's document) is searchable
/// like any other but is never news, however recently it was imported.
/// </summary>
public static class PaperNews
{
    /// <summary>
    /// SQL over a <c>papers</c> row aliased <c>p</c>, the same rule as <see cref="IsNews"/>. Stored arXiv ids are
    /// normalized (<see cref="ArxivId"/>): <c>YYMM.NNNN(N)</c>, or <c>archive(.SUB)/YYMMNNN</c> before 2007.
    /// </summary>
    public const string Sql =
        $"{SampleData.NotSampleOnlySql} AND (p.id GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9]' OR p.id GLOB '[0-9][0-9][0-9][0-9].[0-9][0-9][0-9][0-9][0-9]' OR p.id GLOB '[a-z]*/[0-9][0-9][0-9][0-9][0-9][0-9][0-9]')";

    public static bool IsNews(Paper paper)
    {
        ArgumentNullException.ThrowIfNull(paper);
        return !SampleData.IsSampleOnly(paper) && paper.IsArxiv;
    }
}
