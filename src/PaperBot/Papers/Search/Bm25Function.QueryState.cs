using SQLitePCL;

namespace PaperBot.Papers.Search;

internal static unsafe partial class Bm25Function
{
    private sealed class QueryState(Bm25Run? run, double averageLength, double[] idf, double[] weights)
    {
        private readonly double[] frequency = new double[idf.Length];
        private readonly int[] columnEnd = new int[weights.Length];
        private readonly double[] best = new double[run?.Keep ?? 0];
        private int bestCount;
        private long lastRowid = long.MinValue;
        private double lastScore;

        public int ScoreRow(ExtensionApi* api, IntPtr fts, out double score)
        {
            // SQLite may ask twice for one row (sort key and result column): answer, count and rank it once.
            var rowid = api->Rowid(fts);
            if (rowid == lastRowid)
            {
                score = lastScore;
                return raw.SQLITE_OK;
            }

            score = 0;
            Array.Clear(frequency);
            Array.Clear(columnEnd);
            int instances;
            var rc = api->InstCount(fts, &instances);
            for (var i = 0; i < instances && rc == raw.SQLITE_OK; i++)
            {
                int phrase, column, offset;
                rc = api->Inst(fts, i, &phrase, &column, &offset);
                if (rc == raw.SQLITE_OK)
                {
                    frequency[phrase] += weights[column];
                    columnEnd[column] = Math.Max(columnEnd[column], offset + 1);
                }
            }

            if (rc != raw.SQLITE_OK)
            {
                return rc;
            }

            lastRowid = rowid;
            if (run is not null)
            {
                run.Matches++;
            }

            if (best.Length > 0 && bestCount == best.Length && Compute(SeenLength()) < best[0])
            {
                score = lastScore = Pruned;
                return raw.SQLITE_OK;
            }

            int length;
            rc = api->ColumnSize(fts, -1, &length);
            if (rc != raw.SQLITE_OK)
            {
                return rc;
            }

            score = lastScore = Compute(length);
            if (best.Length > 0)
            {
                Offer(score);
            }

            return raw.SQLITE_OK;
        }

        // The row's length as far as its last matched token in each column: a lower bound of its true length. A loop,
        // not Enumerable.Sum: this runs for every matched row, and the generic Sum is not in the ahead-of-time image, so
        // it ran unoptimized for the first seconds after a start.
        private int SeenLength()
        {
            var length = 0;
            foreach (var end in columnEnd)
            {
                length += end;
            }

            return length;
        }

        /// <summary>bm25()'s sum, term for term in the same order, for a row of <paramref name="length"/> tokens.</summary>
        private double Compute(double length)
        {
            var sum = 0.0;
            for (var i = 0; i < idf.Length; i++)
            {
                sum += idf[i] * ((frequency[i] * (K1 + 1.0)) / (frequency[i] + (K1 * (1 - B + (B * length / averageLength)))));
            }

            return sum;
        }

        /// <summary>Keeps the best scores in a min-heap: <c>best[0]</c> is the lowest that still ranks.</summary>
        private void Offer(double score)
        {
            if (bestCount < best.Length)
            {
                var i = bestCount++;
                best[i] = score;
                while (i > 0 && best[(i - 1) / 2] > best[i])
                {
                    (best[(i - 1) / 2], best[i]) = (best[i], best[(i - 1) / 2]);
                    i = (i - 1) / 2;
                }

                return;
            }

            if (score <= best[0])
            {
                return;
            }

            best[0] = score;
            var j = 0;
            while (true)
            {
                var smallest = j;
                foreach (var child in (ReadOnlySpan<int>)[(2 * j) + 1, (2 * j) + 2])
                {
                    if (child < best.Length && best[child] < best[smallest])
                    {
                        smallest = child;
                    }
                }

                if (smallest == j)
                {
                    return;
                }

                (best[smallest], best[j]) = (best[j], best[smallest]);
                j = smallest;
            }
        }
    }
}
