using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PaperBot.Storage;

/// <summary>
/// One numbered schema script embedded as <c>PaperBot.Storage.Migrations.NNNN_name.sql</c> (SQLite) or
/// <c>PaperBot.Storage.Postgres.Migrations.NNNN_name.sql</c> (PostgreSQL).
/// </summary>
public sealed partial record MigrationScript(int Number, string Name, string Sql)
{
    internal const string SqlitePrefix = "PaperBot.Storage.Migrations.";
    internal const string PostgresPrefix = "PaperBot.Storage.Postgres.Migrations.";

    /// <summary>
    /// Every embedded script in number order. Numbers must run 1, 2, 3... without gaps: a script that
    /// lands after a higher one was applied would otherwise never run on existing databases.
    /// </summary>
    public static IReadOnlyList<MigrationScript> LoadEmbedded() => Load(typeof(MigrationScript).Assembly);

    /// <summary>The PostgreSQL schema's scripts, numbered the same way.</summary>
    public static IReadOnlyList<MigrationScript> LoadEmbeddedPostgres() => Load(typeof(MigrationScript).Assembly, PostgresPrefix);

    internal static IReadOnlyList<MigrationScript> Load(Assembly assembly, string resourcePrefix = SqlitePrefix)
    {
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(resourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[resourcePrefix.Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Migration resource '{fileName}' must be named NNNN_description.sql (four digits).");
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Migration resource '{resource}' cannot be read.");
            using var reader = new StreamReader(stream);
            scripts.Add(new MigrationScript(
                int.Parse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture),
                fileName,
                reader.ReadToEnd()));
        }

        scripts.Sort((a, b) => a.Number.CompareTo(b.Number));
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Number != i + 1)
            {
                throw new InvalidOperationException(
                    $"Migration scripts must be numbered 0001, 0002, ... without gaps or duplicates; found '{scripts[i].Name}' where number {i + 1:D4} was expected.");
            }
        }

        return scripts;
    }

    [GeneratedRegex(@"^(?<n>\d{4})_[A-Za-z0-9_\-]+\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
