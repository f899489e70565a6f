using System.Text;
using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Encoding = System.Text.Encoding;

namespace Etl.Core.Tests.Json;

/// <summary>JSON → Parquet: striping, row groups, metadata, normalization, and the end-to-end round trip.</summary>
public sealed class JsonToParquetTests
{
    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Nested_structs_and_lists_round_trip()
    {
        var json = Utf8("""
            {"a":1,"b":[1,2.5],"c":{"d":"2021-01-01","e":null,"f":[[1,null],[],null]},"t":"2021-07-21T06:00:00+02:00","o":[{"x":1},{"y":"z"}]}
            {"a":2,"b":[],"x":"y","v":[1],"o":[]}
            {"v":"s","b":null,"c":{"d":"2021-12-31","f":[]},"o":null}
            {"a":3,"o":[{},{"x":null,"y":null}]}
            """);
        var result = RoundTrip.Check(json);
        Assert.Equal(4, result.Conversion.RowCount);
        Assert.Equal("""{"a":1,"b":[1,2.5],"c":{"d":"2021-01-01","e":null,"f":[[1,null],[],null]},"t":"2021-07-21T04:00:00Z","o":[{"x":1,"y":null},{"x":null,"y":"z"}],"x":null,"v":null}""", result.Lines[0]);
        Assert.Equal("""{"a":3,"b":null,"c":null,"t":null,"o":[{"x":null,"y":null},{"x":null,"y":null}],"x":null,"v":null}""", result.Lines[3]);
    }

    [Fact]
    public void Levels_follow_Dremel_striping()
    {
        var json = Utf8("{\"l\":[[1,2],[],null,[3]]}\n{\"l\":null}\n{\"l\":[]}\n{}\n");
        var result = RoundTrip.Check(json);
        using var reader = new ParquetFileReader(new MemoryStream(result.Parquet));
        var batch = reader.RowGroup(0).ReadColumn(0);
        // l: optional LIST (d1) / list (d2, r1) / element: optional LIST (d3) / list (d4, r2) / element: required INT64
        Assert.Equal(4, batch.Column.MaxDefinitionLevel);
        Assert.Equal(2, batch.Column.MaxRepetitionLevel);
        Assert.Equal([4, 4, 3, 2, 4, 0, 1, 0], batch.DefinitionLevels.AsSpan(0, batch.LevelCount).ToArray());
        Assert.Equal([0, 2, 1, 1, 1, 0, 0, 0], batch.RepetitionLevels.AsSpan(0, batch.LevelCount).ToArray());
        Assert.Equal([1L, 2, 3], batch.Int64s.AsSpan(0, batch.ValueCount).ToArray());
    }

    [Fact]
    public void Types_are_written_as_the_spec_maps_them()
    {
        var json = Utf8("{\"i\":1,\"d\":1.5,\"s\":\"x\",\"b\":true,\"day\":\"2021-07-21\",\"ts\":\"2021-07-21T06:00:00.000001Z\",\"local\":\"2021-07-21T06:00:00\",\"j\":{}}\n");
        var result = RoundTrip.Check(json);
        using var reader = new ParquetFileReader(new MemoryStream(result.Parquet));
        var columns = reader.Schema.Columns;
        Assert.Equal(PhysicalType.Int64, columns[0].PhysicalType);
        Assert.Equal(PhysicalType.Double, columns[1].PhysicalType);
        Assert.Equal(LogicalTypeKind.String, columns[2].Node.Element.LogicalType!.Kind);
        Assert.Equal(PhysicalType.Boolean, columns[3].PhysicalType);
        Assert.Equal(LogicalTypeKind.Date, columns[4].Node.Element.LogicalType!.Kind);
        Assert.True(columns[5].IsAdjustedToUtc);
        Assert.Equal(TimeUnit.Micros, columns[5].Node.Element.LogicalType!.Unit);
        Assert.False(columns[6].IsAdjustedToUtc);
        Assert.Equal(LogicalTypeKind.Json, columns[7].Node.Element.LogicalType!.Kind);
        var group = reader.RowGroup(0);
        Assert.Equal(18829, group.ReadColumn(4).Int32s[0]);
        Assert.Equal(1_626_847_200_000_001L, group.ReadColumn(5).Int64s[0]);
        Assert.Equal(1_626_847_200_000_000L, group.ReadColumn(6).Int64s[0]);
        Assert.Equal("""{"i":1,"d":1.5,"s":"x","b":true,"day":"2021-07-21","ts":"2021-07-21T06:00:00.000001Z","local":"2021-07-21T06:00:00","j":{}}""", result.Lines[0]);
    }

    [Fact]
    public void Mixed_values_are_kept_as_text_or_json()
    {
        var json = Utf8("{\"n\":1.50,\"v\":{\"a\": [1, 2]}}\n{\"n\":\"x\",\"v\":\"s\"}\n{\"n\":true,\"v\":[ \"a b\" ,\"c\\\"\" ]}\n");
        var result = RoundTrip.Check(json);
        Assert.Equal("""{"n":"1.50","v":{"a":[1,2]}}""", result.Lines[0]);
        Assert.Equal("""{"n":"x","v":"s"}""", result.Lines[1]);
        Assert.Equal("""{"n":"true","v":["a b","c\""]}""", result.Lines[2]);
    }

    [Fact]
    public void Non_object_records_are_rows_of_one_value_column()
    {
        Assert.Equal(["{\"value\":1}", "{\"value\":null}", "{\"value\":2}"], RoundTrip.Check(Utf8("[1,null,2]")).Lines);
        Assert.Equal(["{\"value\":\"lonely\"}"], RoundTrip.Check(Utf8("\"lonely\"")).Lines);
        Assert.Equal(["{\"value\":{}}"], RoundTrip.Check(Utf8("{}")).Lines);
        Assert.Equal(["{\"value\":{\"a\":1}}", "{\"value\":[2]}"], RoundTrip.Check(Utf8("[{\"a\":1},[2]]")).Lines);
        var empty = RoundTrip.Check(Utf8("[]"));
        Assert.Empty(empty.Lines);
        Assert.Equal(0, empty.Conversion.RowCount);
    }

    [Fact]
    public void The_inferred_schema_is_stored_in_the_footer()
    {
        var result = RoundTrip.Run(Utf8("{\"a\":1}\n{\"a\":2.5,\"b\":[\"x\"]}\n"));
        using var reader = new ParquetFileReader(new MemoryStream(result.Parquet));
        var pair = Assert.Single(reader.Metadata.KeyValueMetadata!, kv => kv.Key == InferredSchema.MetadataKey);
        var stored = InferredSchema.Parse(pair.Value!);
        Assert.Equal(result.Schema.Columns(), stored.Columns());
        Assert.Equal(2, stored.RecordCount);
        Assert.Equal(new InferredColumn("a", "DOUBLE", false, 1, "1 integer widened to DOUBLE"), stored.Columns()[0]);
    }

    [Fact]
    public void Row_groups_are_cut_by_rows_and_by_size()
    {
        var lines = string.Join('\n', Enumerable.Range(0, 2500).Select(i => $"{{\"i\":{i},\"s\":\"{new string('x', i % 50)}\"}}"));
        var byRows = RoundTrip.Check(Utf8(lines), new JsonToParquetOptions { Writer = ParquetWriterOptions.Default with { RowGroupRows = 1000 } });
        using (var reader = new ParquetFileReader(new MemoryStream(byRows.Parquet)))
        {
            Assert.Equal([1000L, 1000, 500], reader.Metadata.RowGroups.Select(g => g.NumRows));
        }
        var bySize = RoundTrip.Check(Utf8(lines), new JsonToParquetOptions { Writer = ParquetWriterOptions.Default with { RowGroupBytes = 16 * 1024 } });
        using (var reader = new ParquetFileReader(new MemoryStream(bySize.Parquet)))
        {
            Assert.True(reader.RowGroupCount > 2, $"{reader.RowGroupCount} row groups");
            Assert.Equal(2500, reader.RowCount);
        }
    }

    [Theory]
    [InlineData(CompressionCodec.Uncompressed)]
    [InlineData(CompressionCodec.Snappy)]
    [InlineData(CompressionCodec.Gzip)]
    [InlineData(CompressionCodec.Zstd)]
    public void Compression_is_configurable(CompressionCodec codec)
    {
        var result = RoundTrip.Check(Utf8("{\"a\":\"hello\"}\n{\"a\":\"world\"}\n"), new JsonToParquetOptions { Writer = ParquetWriterOptions.Default with { Compression = codec } });
        using var reader = new ParquetFileReader(new MemoryStream(result.Parquet));
        Assert.Equal(codec, reader.Metadata.RowGroups[0].Columns[0].MetaData!.Codec);
    }

    [Fact]
    public void A_non_seekable_input_is_spooled_and_converted()
    {
        var json = Utf8("{\"a\":1}\n{\"a\":2}\n");
        var parquet = new MemoryStream();
        var result = JsonToParquet.Convert(new TrickleStream(json, 3), parquet);
        Assert.Equal(2, result.RowCount);
        parquet.Position = 0;
        var back = new MemoryStream();
        ParquetToJson.Convert(parquet, back, JsonOutputFormat.Ndjson);
        Assert.Equal("{\"a\":1}\n{\"a\":2}\n", Encoding.UTF8.GetString(back.ToArray()));
    }

    [Fact]
    public void Normalize_writes_the_records_in_the_inferred_types()
    {
        var json = Utf8("[{\"b\":1,\"t\":\"2021-07-21T08:00:00+02:00\"},{\"a\":\"x\",\"b\":2.5,\"t\":null}]");
        var ndjson = new MemoryStream();
        var result = JsonToParquet.Normalize(json.Length > 0 ? new MemoryStream(json) : Stream.Null, ndjson);
        Assert.Equal(2, result.RowCount);
        Assert.Equal(ndjson.Length, result.BytesWritten);
        Assert.Equal("{\"b\":1,\"t\":\"2021-07-21T06:00:00Z\",\"a\":null}\n{\"b\":2.5,\"t\":null,\"a\":\"x\"}\n", Encoding.UTF8.GetString(ndjson.ToArray()));
        var array = new MemoryStream();
        JsonToParquet.Normalize(new MemoryStream(json), array, JsonOutputFormat.Json);
        Assert.StartsWith("[\n{\"b\":1,", Encoding.UTF8.GetString(array.ToArray()));
    }

    [Fact]
    public void Progress_reaches_one()
    {
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports.Add);
        JsonToParquet.Convert(new MemoryStream(Utf8(string.Concat(Enumerable.Repeat("{\"a\":1}\n", 5000)))), new MemoryStream(), new JsonToParquetOptions { Progress = progress });
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1], 3);
        Assert.True(reports.SequenceEqual(reports.Order()), "progress never goes back");
    }

    [Fact]
    public void Cancellation_stops_the_conversion()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var json = Utf8(string.Concat(Enumerable.Repeat("{\"a\":1}\n", 5000)));
        Assert.ThrowsAny<OperationCanceledException>(() => JsonToParquet.Convert(new MemoryStream(json), new MemoryStream(), null, cancelled.Token));
    }

    [Fact]
    public void Input_that_changes_between_the_passes_is_reported()
    {
        var first = Utf8("{\"a\":1}\n{\"a\":2}\n");
        var second = Utf8("{\"a\":1}\n{\"a\":\"two\"}\n");
        var e = Assert.Throws<JsonInputException>(() => JsonToParquet.Convert(new TwoFacedStream(first, second), new MemoryStream()));
        Assert.Equal(JsonInputErrorKind.Changed, e.Kind);
        Assert.Equal(2L, e.Line);
        Assert.Contains("'a' was inferred as INT64 but holds a string", e.Message);

        var shorter = Assert.Throws<JsonInputException>(() => JsonToParquet.Convert(new TwoFacedStream(first, Utf8("{\"a\":1}\n")), new MemoryStream()));
        Assert.Equal(JsonInputErrorKind.Changed, shorter.Kind);
    }

    [Fact]
    public void Invalid_input_fails_before_anything_is_written()
    {
        var output = new MemoryStream();
        var e = Assert.Throws<JsonInputException>(() => JsonToParquet.Convert(new MemoryStream(Utf8("{\"a\":1}\n{\"a\":")), output));
        Assert.Equal(2L, e.Line);
        Assert.Equal(0, output.Length);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>A seekable stream whose content changes after the first rewind (a file modified mid-conversion).</summary>
    private sealed class TwoFacedStream(byte[] first, byte[] second) : Stream
    {
        private MemoryStream _current = new(first);

        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => _current.Length;

        public override long Position
        {
            get => _current.Position;
            set
            {
                _current = new MemoryStream(second);
                _current.Position = value;
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => _current.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
