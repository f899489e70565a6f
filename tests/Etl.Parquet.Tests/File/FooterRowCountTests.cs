using Etl.Core.Profile;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Parquet.Tests.File;

/// <summary>
/// Files whose footer num_rows disagrees with their row groups (some writers leave it 0): like DuckDB, Arrow and
/// hyparquet, the reader reads what the row groups hold, and the converter and profiler count those rows. The
/// row groups' own counts are still checked against their column chunks.
/// </summary>
public class FooterRowCountTests
{
    /// <summary>Two row groups of an optional INT64 column "n": 2 rows (1, null) and 3 rows (3, 4, 5).</summary>
    private static byte[] TwoRowGroups(long? footerRows, long? secondGroupRows = null)
    {
        var b = new ParquetFileBuilder(S.Leaf("n", PhysicalType.Int64)) { NumRowsOverride = footerRows };
        b.RowGroup().Optional([true, false], Enc.Plain(1L));
        b.RowGroup(secondGroupRows).Optional([true, true, true], Enc.Plain(3L, 4L, 5L));
        return b.Build();
    }

    private static readonly string[] AllRows = ["""{"n":1}""", """{"n":null}""", """{"n":3}""", """{"n":4}""", """{"n":5}"""];

    [Theory]
    [InlineData(0L)]
    [InlineData(2L)]
    [InlineData(1000L)]
    public void A_footer_row_count_that_disagrees_with_the_row_groups_reads_the_row_groups(long footerRows)
    {
        var file = TwoRowGroups(footerRows);
        using (var reader = new ParquetFileReader(new MemoryStream(file)))
        {
            Assert.Equal(footerRows, reader.Metadata.NumRows);
            Assert.Equal(5, reader.RowCount);
        }
        BuiltFile.AssertRows(file, AllRows);

        var profile = ParquetProfiler.Profile(new MemoryStream(file));
        Assert.Equal(5, profile.RowCount);
        Assert.Equal(1, Assert.Single(profile.Columns).NullCount);
    }

    [Fact]
    public void A_row_group_count_that_disagrees_with_its_column_chunks_is_still_refused()
    {
        var e = BuiltFile.Failure(TwoRowGroups(footerRows: 0, secondGroupRows: 4));
        Assert.Contains("holds 3 rows but its row group declares 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_footer_without_row_groups_holds_no_rows_whatever_it_declares()
    {
        var b = new ParquetFileBuilder(S.Leaf("n", PhysicalType.Int64)) { NumRowsOverride = 7 };
        var file = b.Build();
        using (var reader = new ParquetFileReader(new MemoryStream(file))) Assert.Equal(0, reader.RowCount);
        BuiltFile.AssertRows(file, []);
    }
}
