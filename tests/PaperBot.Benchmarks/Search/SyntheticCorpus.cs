using System.Globalization;
using System.Text;
using PaperBot.Papers;

namespace PaperBot.Benchmarks.Search;

/// <summary>
/// Deterministic synthetic papers: a Zipf-like vocabulary (s = 1) whose head is real frequent English/ML
/// words and whose tail is tens of thousands of rare synthetic words, so term frequencies look like a real
/// abstract corpus: the top words occur in almost every paper, rank ~300 in a few percent, the tail in a handful.
/// </summary>
internal sealed class SyntheticCorpus
{
    private const string HeadWords = """
        model learning data neural results network method performance training approach task tasks models
        language large deep based propose show paper methods new using framework different state art
        dataset datasets use existing problem models work information improve proposed evaluation image
        time two also can high first novel systems system multiple quality trained analysis across text
        generation efficient features representation representations knowledge significantly demonstrate
        structure experiments benchmark benchmarks semantic visual transformer attention accuracy
        inference reasoning agents agent policy reinforcement graph graphs optimization gradient loss
        function functions parameters parameter small scale scaling prior previous recent studies study
        however while further including various specific general simple effective robust robustness
        generalization domain domains retrieval search query queries classification detection segmentation
        video audio speech vision multimodal instruction tuning fine pretrained pretraining supervised
        unsupervised self contrastive diffusion generative adversarial latent space spaces embedding
        embeddings token tokens sequence sequences context contexts memory compute computational cost
        efficiency latency hardware sparse dense layer layers architecture architectures convolutional
        recurrent encoder decoder alignment human feedback preference reward safety evaluation metrics
        metric score scores error errors noise noisy label labels labeled unlabeled sample samples sampling
        distribution distributions probability bayesian estimation estimate uncertainty calibration
        theoretical theory bounds bound convergence stochastic online offline control robot robotics
        planning navigation environment environments simulation real world physical dynamics temporal
        spatial scene scenes object objects point cloud depth pose motion tracking medical clinical
        biological molecular protein chemistry code program programs software mathematical math proof
        question answering dialogue conversation summarization translation multilingual cross lingual
        capabilities capability limitations challenges challenge solution solutions strategy strategies
        mechanism mechanisms component components module modules pipeline end extensive empirical
        experimental comprehensive substantial significant consistent outperforms achieves achieving
        improvement improvements gains competitive superior baseline baselines strong weak fast slow
        """;

    private static readonly string[] FirstNames =
        ["Ana", "Wei", "Yuki", "Omar", "Lena", "Ravi", "Sofia", "Jonas", "Mei", "Carlos", "Amara", "Ivan", "Noor", "Tomás", "Hana", "Felix"];

    private static readonly string[] LastNames =
        ["Zhang", "Müller", "Garcia", "Kim", "Okafor", "Rossi", "Novak", "Sato", "Ahmed", "Dubois", "Silva", "Petrov", "Chen", "Larsen", "Haddad", "Nguyen"];

    private static readonly string[] Syllables =
        ["ka", "lo", "mi", "zu", "tre", "vok", "quan", "ser", "pha", "dri", "nox", "bel", "tix", "ru", "gon", "why", "fel", "sta", "orb", "cym"];

    private readonly double[] cumulative;

    public SyntheticCorpus(int rareWords)
    {
        var head = HeadWords.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        HeadCount = head.Count;
        Vocabulary = [.. head, .. Enumerable.Range(0, rareWords).Select(RareWord)];
        cumulative = new double[Vocabulary.Count];
        var sum = 0.0;
        for (var rank = 0; rank < Vocabulary.Count; rank++)
        {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }

        for (var rank = 0; rank < cumulative.Length; rank++)
        {
            cumulative[rank] /= sum;
        }
    }

    public IReadOnlyList<string> Vocabulary { get; }

    public int HeadCount { get; }

    /// <summary>Papers in a fixed order for a given seed; index i always yields the same paper.</summary>
    public IEnumerable<Paper> Papers(int count, int seed)
    {
        var random = new Random(seed);
        var builder = new StringBuilder(2048);
        var published = new DateOnly(2018, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var month = i / 90_000;
            var id = string.Create(CultureInfo.InvariantCulture, $"{15 + (month / 12):00}{1 + (month % 12):00}.{1 + (i % 90_000):00000}");
            var title = Words(random, random.Next(6, 15), builder);
            title = char.ToUpperInvariant(title[0]) + title[1..];
            var abstractText = Words(random, random.Next(120, 231), builder);
            var authors = Enumerable.Range(0, random.Next(2, 9))
                .Select(_ => $"{FirstNames[random.Next(FirstNames.Length)]} {LastNames[random.Next(LastNames.Length)]}")
                .ToList();
            yield return new Paper
            {
                Id = id,
                Title = title,
                Abstract = abstractText,
                Authors = authors,
                Published = published.AddDays(i % 3000),
                Categories = ["cs.LG"],
                Sources = ["import"],
            };
        }
    }

    /// <summary>
    /// The vocabulary ranks whose words are expected in between <paramref name="minShare"/> and
    /// <paramref name="maxShare"/> of the papers (a paper has about 185 title and abstract words).
    /// </summary>
    public (int From, int To) RanksInShareOfPapers(double minShare, double maxShare)
    {
        const double WordsPerPaper = 10 + 175;
        int? from = null;
        var to = Vocabulary.Count;
        for (var rank = 0; rank < cumulative.Length; rank++)
        {
            var p = cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
            var share = 1 - Math.Pow(1 - p, WordsPerPaper);
            if (share <= maxShare && from is null)
            {
                from = rank;
            }

            if (share < minShare)
            {
                to = rank;
                break;
            }
        }

        return (Math.Min(from ?? to, Vocabulary.Count - 1), to);
    }

    public string Sample(Random random)
    {
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Vocabulary[index < 0 ? Math.Min(~index, Vocabulary.Count - 1) : index];
    }

    private string Words(Random random, int count, StringBuilder builder)
    {
        builder.Clear();
        for (var w = 0; w < count; w++)
        {
            if (w > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Sample(random));
        }

        return builder.ToString();
    }

    private static string RareWord(int index)
    {
        // Base-20 syllables: unique, pronounceable, and stable under the porter stemmer for the most part.
        var builder = new StringBuilder("x");
        var n = index;
        do
        {
            builder.Append(Syllables[n % Syllables.Length]);
            n /= Syllables.Length;
        }
        while (n > 0);
        return builder.ToString();
    }
}
