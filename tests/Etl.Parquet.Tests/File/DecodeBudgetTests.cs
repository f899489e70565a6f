using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// The decode budget of one row group (<see cref="ParquetReadOptions.MaxDecodedRowGroupBytes"/>): a few kilobytes of
/// dictionary and run-length encoding that expand to a huge row group stop at the budget while decoding, and what
/// fits is read as before. Files are hand-built: 32 pages of 65,536 dictionary indices, all 0.
/// </summary>
public class DecodeBudgetTests
{
    private const int PageRows = 65_536;
    private const int Pages = 32;
    private const int Rows = PageRows * Pages; // 2,097,152
    private const long Budget = 16L * 1024 * 1024;
    private const FieldRepetitionType Required = FieldRepetitionType.Required;

    [Fact]
    public void A_row_group_that_expands_past_the_budget_fails_while_decoding_with_what_to_do()
    {
        // 2M copies of a 64-byte string: 134 MB decoded from a file of a few kilobytes.
        var file = ConstantStrings(new string('x', 64));
        Assert.True(file.Length < 64 * 1024);
        using var reader = new ParquetFileReader(new MemoryStream(file), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = Budget });
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ParquetRowGroupTooLargeException>(() => reader.RowGroup(0).ReadColumn(0));

        // Stopped at the budget: it allocated about the budget (arrays double), not the 134 MB the row group needs.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 3 * Budget, "decoding went on past the budget");
        Assert.Equal(0, e.RowGroup);
        Assert.Equal("s", e.Column);
        Assert.Equal(Rows, e.Rows);
        Assert.Equal(Budget, e.Budget);
        Assert.Contains("row group 0 holds 2,097,152 rows", e.Message);
        Assert.Contains("decode budget of 16 MiB", e.Message);
        Assert.Contains("smaller row groups", e.Message);
        Assert.IsAssignableFrom<ParquetFormatException>(e);
    }

    [Fact]
    public void A_row_group_that_fits_is_sized_ahead_instead_of_doubling_and_reads_within_an_eighth_more()
    {
        // 2,097,152 values of 4 bytes and 2,097,153 offsets: 16 MiB + 4 decoded. The offsets are sized from the footer's
        // count, the bytes from the first page's rate plus 1/16, so the arrays are allocated about once.
        var file = ConstantStrings("abcd");
        const long decoded = 2L * 4 * Rows + 4;

        using var fits = new ParquetFileReader(new MemoryStream(file), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = decoded + decoded / 8 });
        var batch = fits.RowGroup(0).ReadColumn(0);
        Assert.Equal(Rows, batch.ValueCount);
        Assert.Equal("abcd"u8.ToArray(), batch.ByteArrays[Rows - 1].ToArray());
        Assert.True(batch.ByteArrays.Data.Length <= 4L * Rows * 17 / 16, $"{batch.ByteArrays.Data.Length} bytes of data capacity");

        using var tooSmall = new ParquetFileReader(new MemoryStream(file), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = decoded - 1 });
        Assert.Throws<ParquetRowGroupTooLargeException>(() => tooSmall.RowGroup(0).ReadColumn(0));
    }

    [Fact]
    public void A_row_group_just_under_the_budget_reads_also_when_a_column_is_read_again()
    {
        // 3-byte values: 14.7 MB decoded, under 16 MiB; reading the column again (into the same batch or a new one)
        // does not count it twice.
        var file = ConstantStrings("abc");
        using var reader = new ParquetFileReader(new MemoryStream(file), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = Budget });
        var group = reader.RowGroup(0);
        var batch = group.ReadColumn(0);
        batch = group.ReadColumn(0, batch);
        batch = group.ReadColumn(0);
        Assert.Equal(Rows, batch.LevelCount);
        Assert.Equal("abc"u8.ToArray(), batch.ByteArrays[12345].ToArray());
    }

    [Fact]
    public void Columns_read_in_parallel_share_one_budget()
    {
        // Each column decodes to 14.7 MB, under the budget alone; together they are 29 MB, over it.
        var b = new ParquetFileBuilder(S.Leaf("a", PhysicalType.ByteArray, Required, S.String), S.Leaf("b", PhysicalType.ByteArray, Required, S.String));
        var g = b.RowGroup();
        ConstantChunk(g.Column(CompressionCodec.Snappy), "abc");
        ConstantChunk(g.Column(CompressionCodec.Snappy), "xyz");
        using var reader = new ParquetFileReader(new MemoryStream(b.Build()), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = Budget });
        var group = reader.RowGroup(0);
        var batches = new ColumnBatch[2];

        var e = Assert.Throws<AggregateException>(() => Parallel.For(0, 2, c => batches[c] = group.ReadColumn(c)));

        Assert.All(e.InnerExceptions, inner => Assert.IsType<ParquetRowGroupTooLargeException>(inner));
    }

    [Fact]
    public void Fixed_width_values_the_footer_declares_are_refused_before_any_page_is_read()
    {
        // The footer says 3 million INT64 values (24 MB); the pages are never decoded, so their content does not matter.
        var b = new ParquetFileBuilder(S.Leaf("n", PhysicalType.Int64, Required));
        var g = b.RowGroup(numRows: 3_000_000);
        var chunk = g.Column().V1(Enc.Plain(1L, 2L), count: 2);
        chunk.NumValuesOverride = 3_000_000;
        using var reader = new ParquetFileReader(new MemoryStream(b.Build()), options: new ParquetReadOptions { MaxDecodedRowGroupBytes = Budget });
        var before = GC.GetAllocatedBytesForCurrentThread();

        var e = Assert.Throws<ParquetRowGroupTooLargeException>(() => reader.RowGroup(0).ReadColumn(0));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024);
        Assert.Equal(3_000_000, e.Rows);
        Assert.Null(e.Page);
    }

    [Fact]
    public void The_default_budget_is_one_gibibyte_and_must_be_positive()
    {
        Assert.Equal(1L << 30, ParquetReadOptions.Default.MaxDecodedRowGroupBytes);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ParquetReadOptions { MaxDecodedRowGroupBytes = 0 });
    }

    private static byte[] ConstantStrings(string value)
    {
        var b = new ParquetFileBuilder(S.Leaf("s", PhysicalType.ByteArray, Required, S.String));
        ConstantChunk(b.RowGroup().Column(CompressionCodec.Snappy), value);
        return b.Build();
    }

    private static void ConstantChunk(ParquetFileBuilder.ChunkBuilder chunk, string value)
    {
        chunk.Dictionary(Enc.Plain(value), 1);
        var indices = Enc.DictionaryIndices(new int[PageRows]);
        for (var p = 0; p < Pages; p++) chunk.V1(indices, count: PageRows, encoding: Encoding.RleDictionary);
    }
}
