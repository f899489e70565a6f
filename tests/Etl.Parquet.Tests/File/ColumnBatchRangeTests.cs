using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Cutting a column chunk into runs of whole rows (<see cref="ColumnBatch.LevelAfterRows"/>) and appending them
/// one after another (<see cref="ColumnBatch.AppendRange"/>) gives back the chunk: levels and values, for flat,
/// nullable, list, nested-list and map columns of files other tools wrote.
/// </summary>
public sealed class ColumnBatchRangeTests
{
    public static TheoryData<string> Files() => new()
    {
        "alltypes_plain.parquet",
        "alltypes_dictionary.parquet",
        "list_columns.parquet",
        "nested_lists.snappy.parquet",
        "nested_structs.rust.parquet",
        "repeated_primitive_no_list.parquet",
        "map_no_value.parquet",
        "binary.parquet",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Whole_rows_cut_anywhere_and_appended_give_back_the_chunk(string name)
    {
        using var reader = ParquetFileReader.Open(TestFiles.ParquetTesting(name));
        var random = new Random(name.Length);
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            var group = reader.RowGroup(g);
            for (var c = 0; c < reader.Schema.Columns.Count; c++)
            {
                var original = group.ReadColumn(c);
                var rows = (int)group.RowCount;
                for (var attempt = 0; attempt < 5; attempt++)
                {
                    var copy = new ColumnBatch(original.Column);
                    int level = 0, value = 0, row = 0;
                    while (row < rows)
                    {
                        var take = attempt == 0 ? 1 : random.Next(0, Math.Max(1, rows / 3) + 1);
                        take = Math.Min(take, rows - row);
                        var end = original.LevelAfterRows(level, take);
                        Assert.Equal(NaiveLevelAfterRows(original, level, take), end);
                        value = copy.AppendRange(original, level, end, value);
                        level = end;
                        row += take;
                    }
                    Assert.Equal(original.LevelCount, level);
                    Assert.Equal(original.ValueCount, value);
                    AssertSame(original, copy, $"{name} row group {g} column {original.Column.DottedPath}");
                }
            }
        }
    }

    [Fact]
    public void A_range_outside_the_batch_or_of_another_column_is_refused()
    {
        using var reader = ParquetFileReader.Open(TestFiles.ParquetTesting("alltypes_plain.parquet"));
        var group = reader.RowGroup(0);
        var ints = group.ReadColumn(1);
        var other = group.ReadColumn(2);
        var copy = new ColumnBatch(ints.Column);
        Assert.Throws<ArgumentException>(() => copy.AppendRange(ints, 0, ints.LevelCount + 1, 0));
        Assert.Throws<ArgumentException>(() => copy.AppendRange(ints, 2, 1, 0));
        Assert.Throws<ArgumentException>(() => copy.AppendRange(ints, 0, ints.LevelCount, ints.ValueCount));
        if (other.Column.PhysicalType != ints.Column.PhysicalType) Assert.Throws<ArgumentException>(() => copy.AppendRange(other, 0, 1, 0));
        Assert.Equal(0, copy.LevelCount);
        Assert.Equal(0, copy.ValueCount);
    }

    /// <summary>Counts rows entry by entry: a row starts at every repetition level 0 (every entry without levels).</summary>
    private static int NaiveLevelAfterRows(ColumnBatch batch, int start, int rows)
    {
        var entry = start;
        for (var row = 0; row < rows && entry < batch.LevelCount; row++)
        {
            entry++;
            while (batch.Column.MaxRepetitionLevel > 0 && entry < batch.LevelCount && batch.RepetitionLevels[entry] != 0) entry++;
        }
        return entry;
    }

    private static void AssertSame(ColumnBatch expected, ColumnBatch actual, string where)
    {
        Assert.True(expected.LevelCount == actual.LevelCount, $"{where}: level count");
        Assert.True(expected.ValueCount == actual.ValueCount, $"{where}: value count");
        var n = expected.LevelCount;
        if (expected.Column.MaxDefinitionLevel > 0)
            Assert.True(expected.DefinitionLevels.AsSpan(0, n).SequenceEqual(actual.DefinitionLevels.AsSpan(0, n)), $"{where}: definition levels");
        if (expected.Column.MaxRepetitionLevel > 0)
            Assert.True(expected.RepetitionLevels.AsSpan(0, n).SequenceEqual(actual.RepetitionLevels.AsSpan(0, n)), $"{where}: repetition levels");
        var v = expected.ValueCount;
        var same = expected.Column.PhysicalType switch
        {
            PhysicalType.Boolean => expected.Booleans.AsSpan(0, v).SequenceEqual(actual.Booleans.AsSpan(0, v)),
            PhysicalType.Int32 => expected.Int32s.AsSpan(0, v).SequenceEqual(actual.Int32s.AsSpan(0, v)),
            PhysicalType.Int64 => expected.Int64s.AsSpan(0, v).SequenceEqual(actual.Int64s.AsSpan(0, v)),
            PhysicalType.Float => expected.Floats.AsSpan(0, v).SequenceEqual(actual.Floats.AsSpan(0, v)),
            PhysicalType.Double => expected.Doubles.AsSpan(0, v).SequenceEqual(actual.Doubles.AsSpan(0, v)),
            PhysicalType.ByteArray => SameByteArrays(expected, actual),
            _ => expected.FixedBytes.AsSpan(0, v * expected.FixedWidth).SequenceEqual(actual.FixedBytes.AsSpan(0, v * expected.FixedWidth)),
        };
        Assert.True(same, $"{where}: values");
    }

    private static bool SameByteArrays(ColumnBatch expected, ColumnBatch actual)
    {
        if (expected.ByteArrays.Count != actual.ByteArrays.Count) return false;
        for (var i = 0; i < expected.ByteArrays.Count; i++)
        {
            if (!expected.ByteArrays[i].SequenceEqual(actual.ByteArrays[i])) return false;
        }
        return true;
    }
}
