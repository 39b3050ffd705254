namespace PaperBot.Benchmarks.Eval;

/// <summary>
/// Where the committed evaluation set lives: <c>tests/PaperBot.Tests/TestData/Eval</c> (queries.jsonl and the
/// arXiv corpus), found from the test output folder (TestData is copied there) or by walking up to the repository.
/// </summary>
public static class EvalData
{
    public const string QueriesFile = "queries.jsonl";

    public const string SampleCorpus = "sample";

    public const string ArxivCorpus = "arxiv";

    private static readonly string[] ArxivCorpusFiles = ["arxiv-corpus.jsonl.gz", "arxiv-corpus.jsonl"];

    public static string Directory(string? explicitDirectory = null)
    {
        if (explicitDirectory is not null)
        {
            return explicitDirectory;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            if (File.Exists(Path.Combine(start, "TestData", "Eval", QueriesFile)))
            {
                return Path.Combine(start, "TestData", "Eval");
            }

            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "PaperBot.Tests", "TestData", "Eval");
                if (File.Exists(Path.Combine(candidate, QueriesFile)))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"No TestData/Eval/{QueriesFile} found from {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; pass --data DIR.");
    }

    /// <summary>The file to import for <paramref name="corpus"/>; null for the sample papers a fresh store already holds.</summary>
    public static string? CorpusFile(string directory, string corpus)
    {
        if (corpus == SampleCorpus)
        {
            return null;
        }

        return ArxivCorpusFiles.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No {string.Join(" or ", ArxivCorpusFiles)} in {directory}");
    }
}
