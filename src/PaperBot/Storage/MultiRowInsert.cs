using System.Globalization;
using System.Text;

namespace PaperBot.Storage;

/// <summary>
/// One INSERT for many rows (<c>VALUES (@a, @b0), (@a, @b1), ...</c>), the same in SQLite and PostgreSQL: one round
/// trip to PostgreSQL for a list instead of one a row. A search answer's records (its five papers and five memory
/// events) took half the time and half the client's CPU against PostgreSQL, and the same in SQLite
/// (docs/benchmarks.md, "cold start", 2026-12-06 04:55-05:30).
/// </summary>
internal static class MultiRowInsert
{
    /// <summary>Rows per statement: far under SQLite's 32,766 parameters and PostgreSQL's 65,535.</summary>
    public const int MaxRows = 100;

    /// <summary>
    /// <paramref name="head"/> (<c>INSERT INTO t (a, b)</c>), then a row of <paramref name="values"/> for each of
    /// <paramref name="rows"/>, then <paramref name="tail"/>. In each value <c>{0}</c> becomes the row's number, so
    /// <c>@b{0}</c> names a parameter of each row and <c>@a</c> one shared by all.
    /// </summary>
    public static string Sql(string head, IReadOnlyList<string> values, int rows, string tail = "")
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        var sql = new StringBuilder(head).Append("\nVALUES ");
        for (var row = 0; row < rows; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var i = 0; i < values.Count; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(Name(values[i], row));
            }

            sql.Append(')');
        }

        return sql.Append(tail).ToString();
    }

    /// <summary>What <paramref name="name"/> (<c>b{0}</c>, <c>@b{0}</c>) is in row <paramref name="row"/>.</summary>
    public static string Name(string name, int row) => string.Format(CultureInfo.InvariantCulture, name, row);
}
