using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    /// <summary>Tests that read GC.GetTotalMemory run alone, so other tests' allocations do not blur them.</summary>
    public const string Name = "Memory measurements";
}

[Collection(MemoryMeasurements.Name)]
public class StreamingMemoryTests
{
    private const int RowGroups = 50;
    private const int RowsPerGroup = 4096;

    [Fact]
    public void Reading_50_row_groups_into_reused_batches_keeps_memory_flat()
    {
        var file = FiftyRowGroups();
        BuiltFile.Dump(file, nameof(Reading_50_row_groups_into_reused_batches_keeps_memory_flat));
        using var reader = new ParquetFileReader(new MemoryStream(file));
        Assert.Equal(RowGroups, reader.RowGroupCount);
        ColumnBatch? numbers = null, strings = null;
        ColumnBatch? firstNumbers = null;
        long[]? numberArray = null;
        long baseline = 0;
        for (var g = 0; g < RowGroups; g++)
        {
            var group = reader.RowGroup(g);
            numbers = group.ReadColumn(0, numbers);
            strings = group.ReadColumn(1, strings);

            Assert.Equal(RowsPerGroup, numbers.LevelCount);
            Assert.Equal((long)g * RowsPerGroup, numbers.Int64s[0]);
            Assert.Equal((long)g * RowsPerGroup + RowsPerGroup - 1, numbers.Int64s[RowsPerGroup - 1]);
            Assert.Equal(RowsPerGroup, strings.LevelCount);
            Assert.Equal(RowsPerGroup - RowsPerGroup / 4, strings.ValueCount);
            Assert.Equal($"g{g}-v1", System.Text.Encoding.UTF8.GetString(strings.ByteArrays[1]));

            if (g == 4)
            {
                // Warm: pools filled, batches at their final size.
                firstNumbers = numbers;
                numberArray = numbers.Int64s;
                baseline = GC.GetTotalMemory(forceFullCollection: true);
            }
            else if (g > 4)
            {
                Assert.Same(firstNumbers, numbers);
                Assert.Same(numberArray, numbers.Int64s);
            }
        }
        var growth = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        // 45 more row groups of ~70 KB of decoded data each: growth proportional to them would be megabytes.
        Assert.True(growth < 512 * 1024, $"managed heap grew by {growth} bytes over {RowGroups - 5} row groups");
        GC.KeepAlive(strings);
    }

    private static byte[] FiftyRowGroups()
    {
        var b = new ParquetFileBuilder(
            S.Leaf("n", PhysicalType.Int64, FieldRepetitionType.Required),
            S.Leaf("s", PhysicalType.ByteArray, logical: S.String));
        for (var g = 0; g < RowGroups; g++)
        {
            var group = b.RowGroup();
            var numbers = Enumerable.Range(0, RowsPerGroup).Select(i => (long)g * RowsPerGroup + i).ToArray();
            group.Column(CompressionCodec.Snappy)
                .V1(Enc.Plain(numbers[..(RowsPerGroup / 2)]), count: RowsPerGroup / 2)
                .V2(Enc.DeltaBinaryPacked(numbers[(RowsPerGroup / 2)..]), count: RowsPerGroup / 2, encoding: Encoding.DeltaBinaryPacked);
            int[] def = [.. Enumerable.Range(0, RowsPerGroup).Select(i => i % 4 == 3 ? 0 : 1)];
            var values = Enumerable.Range(0, def.Count(d => d == 1)).Select(i => $"g{g}-v{i}").ToArray();
            group.Column(CompressionCodec.Snappy)
                .Dictionary(Enc.Plain(values[..16]), 16)
                .V1(Enc.DictionaryIndices([.. Enumerable.Range(0, 12).Select(i => i % 16)]), def: def[..16], encoding: Encoding.RleDictionary)
                .V1(Enc.Plain(values[12..]), def: def[16..]);
        }
        return b.Build();
    }
}
