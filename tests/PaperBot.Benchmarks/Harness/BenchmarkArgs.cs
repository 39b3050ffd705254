using System.Globalization;

namespace PaperBot.Benchmarks.Harness;

/// <summary>
/// Command line: <c>&lt;name&gt; [--papers N] [--smoke] [--dir PATH] [--no-plain] [--no-plain-common] [--batch N] [--import-only] [--keep] [--no-index]</c>; --no-plain skips the plain
/// FTS5 baseline (its 1M common-word queries alone take ~10 minutes); --batch sets the import chunk size (default: the importer's); --import-only stops after the import figures;
/// --keep reuses the databases a previous run of the same size left complete (queries only); --no-plain-common skips the
/// plain table's common-word queries (minutes each at 1M) but keeps its rare and multi-term ones; --no-index skips the meaning
/// benchmark's USearch comparison (ten minutes of index build at 1M).
/// </summary>
internal sealed record BenchmarkArgs(string Name, int? Papers, bool Smoke, string WorkDirectory, bool NoPlain = false, int? Batch = null, bool ImportOnly = false, bool Keep = false, bool NoPlainCommon = false, bool NoIndex = false)
{
    public static BenchmarkArgs Parse(string[] args)
    {
        var name = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        int? papers = null;
        var smoke = false;
        var noPlain = false;
        int? batch = null;
        var importOnly = false;
        var keep = false;
        var noPlainCommon = false;
        var noIndex = false;
        var dir = Path.Combine(Path.GetTempPath(), "paperbot-bench");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--papers" when i + 1 < args.Length:
                    papers = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--batch" when i + 1 < args.Length:
                    batch = int.Parse(args[++i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                    break;
                case "--keep":
                    keep = true;
                    break;
                case "--no-index":
                    noIndex = true;
                    break;
                case "--no-plain-common":
                    noPlainCommon = true;
                    break;
                case "--import-only":
                    importOnly = true;
                    break;
                case "--no-plain":
                    noPlain = true;
                    break;
                case "--smoke":
                    smoke = true;
                    break;
                case "--dir" when i + 1 < args.Length:
                    dir = args[++i];
                    break;
            }
        }

        return new BenchmarkArgs(name, papers, smoke, dir, noPlain, batch, importOnly, keep, noPlainCommon, noIndex);
    }
}
