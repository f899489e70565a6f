using Etl.Parquet.File;

namespace Etl.Core.Convert;

/// <summary>
/// Cuts a decoded row group into runs of rows that can be written independently: for each cut, where every
/// leaf column's next level entry and next value are. Repeated columns are scanned for record starts.
/// </summary>
internal static class RowSlices
{
    /// <summary>Returns cut points (levels, values per leaf) at rows 0, step, 2·step, …, and <paramref name="rows"/>.</summary>
    public static List<(int Row, int[] Levels, int[] Values)> Cut(ColumnBatch[] batches, int rows, int step)
    {
        var cuts = new List<(int, int[], int[])>();
        for (var row = 0; row < rows; row += step) cuts.Add((row, new int[batches.Length], new int[batches.Length]));
        cuts.Add((rows, new int[batches.Length], new int[batches.Length]));
        for (var leaf = 0; leaf < batches.Length; leaf++) CutLeaf(batches[leaf], leaf, cuts);
        return cuts;
    }

    private static void CutLeaf(ColumnBatch batch, int leaf, List<(int Row, int[] Levels, int[] Values)> cuts)
    {
        int level = 0, value = 0, row = 0;
        for (var c = 1; c < cuts.Count; c++)
        {
            // Entry 0 always starts row 0 (some writers begin a chunk at level 1); ColumnBatch.LevelAfterRows counts
            // from there.
            var next = batch.LevelAfterRows(level, cuts[c].Row - row);
            value += batch.ValuesIn(level, next);
            level = next;
            row = cuts[c].Row;
            cuts[c].Levels[leaf] = level;
            cuts[c].Values[leaf] = value;
        }
    }
}
