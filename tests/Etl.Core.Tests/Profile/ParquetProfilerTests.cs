using Etl.Core.Profile;

namespace Etl.Core.Tests.Profile;

public class ParquetProfilerTests
{
    private static DatasetProfile ProfileOf(string file)
    {
        using var stream = File.OpenRead(TestFiles.ParquetTesting(file));
        return ParquetProfiler.Profile(stream, sampleRows: 3);
    }

    [Fact]
    public void Columns_carry_type_nulls_min_max_and_a_distinct_estimate()
    {
        var profile = ProfileOf("alltypes_plain.parquet");
        Assert.Equal(8, profile.RowCount);
        Assert.Equal(11, profile.Columns.Count);

        var id = profile.Columns.Single(c => c.Name == "id");
        Assert.Equal(("INT32", true, 0L), (id.Type, id.Nullable, id.NullCount));
        Assert.Equal(0, id.Min!.GetValue<int>());
        Assert.Equal(7, id.Max!.GetValue<int>());
        Assert.Equal(8, id.DistinctEstimate);

        var flag = profile.Columns.Single(c => c.Name == "bool_col");
        Assert.False(flag.Min!.GetValue<bool>());
        Assert.True(flag.Max!.GetValue<bool>());
        Assert.Equal(2, flag.DistinctEstimate);

        var timestamp = profile.Columns.Single(c => c.Name == "timestamp_col");
        Assert.Equal("2009-01-01T00:00:00Z", timestamp.Min!.GetValue<string>());
    }

    [Fact]
    public void Null_counts_and_first_rows_follow_the_data()
    {
        var profile = ProfileOf("nulls.snappy.parquet");
        Assert.Equal(8, profile.RowCount);
        var leaf = Assert.Single(profile.Columns);
        Assert.Equal(8, leaf.NullCount);
        Assert.Null(leaf.Min);
        Assert.Equal(3, profile.SampleRows.Count);
    }

    [Fact]
    public void First_rows_run_on_across_row_groups_as_the_conversion_writes_them()
    {
        var ndjson = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"id\":{i},\"tags\":[\"t{i}\"]}}\n")));
        using var parquet = new MemoryStream();
        Etl.Core.Convert.JsonToParquet.Convert(new MemoryStream(ndjson), parquet, new Etl.Core.Convert.JsonToParquetOptions
        {
            Writer = Etl.Parquet.File.ParquetWriterOptions.Default with { RowGroupRows = 7 },
        });

        parquet.Position = 0;
        var profile = ParquetProfiler.Profile(parquet, sampleRows: 20);

        Assert.Equal(Enumerable.Range(0, 20), profile.SampleRows.Select(r => r["id"]!.GetValue<int>()));
        Assert.Equal("t19", profile.SampleRows[19]["tags"]![0]!.GetValue<string>());
    }

    [Fact]
    public void The_profiler_holds_each_row_group_to_the_decode_budget_it_is_given()
    {
        // 100,000 rows of one value in one row group: ~4.5 MB decoded, from a file of a few kilobytes.
        var ndjson = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"s\":\"the-same-value-in-every-row\"}\n", 100_000)));
        using var parquet = new MemoryStream();
        Etl.Core.Convert.JsonToParquet.Convert(new MemoryStream(ndjson), parquet);
        var budget = new Etl.Parquet.File.ParquetReadOptions { MaxDecodedRowGroupBytes = 1024 * 1024 };

        parquet.Position = 0;
        var e = Assert.Throws<Etl.Parquet.ParquetRowGroupTooLargeException>(() => ParquetProfiler.Profile(parquet, 20, budget));
        parquet.Position = 0;
        var profile = ParquetProfiler.Profile(parquet, 20, new Etl.Parquet.File.ParquetReadOptions { MaxDecodedRowGroupBytes = 8 * 1024 * 1024 });

        Assert.Equal(100_000, e.Rows);
        Assert.Equal(100_000, profile.RowCount);
    }
}
