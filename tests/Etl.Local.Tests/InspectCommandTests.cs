using System.Text.Json;

namespace Etl.Local.Tests;

/// <summary><c>etl inspect FILE</c> against facts known about files of the shared corpus (checked with DuckDB's parquet_metadata).</summary>
public class InspectCommandTests
{
    [Fact]
    public void Alltypes_plain_schema_row_groups_and_columns()
    {
        using var json = Inspect("alltypes_plain.parquet");
        var root = json.RootElement;
        Assert.Equal(8, root.GetProperty("rowCount").GetInt64());
        Assert.StartsWith("impala", root.GetProperty("createdBy").GetString(), StringComparison.Ordinal);
        Assert.Equal(1851, root.GetProperty("sizeBytes").GetInt64());

        var fields = root.GetProperty("schema").GetProperty("fields");
        Assert.Equal(11, fields.GetArrayLength());
        Assert.Equal("id", fields[0].GetProperty("name").GetString());
        Assert.Equal("INT32", fields[0].GetProperty("physicalType").GetString());
        Assert.Equal("timestamp_col", fields[10].GetProperty("name").GetString());
        Assert.Equal("INT96", fields[10].GetProperty("physicalType").GetString());

        Assert.Equal(JsonValueKind.Object, root.GetProperty("keyValueMetadata").ValueKind);

        var group = Assert.Single(root.GetProperty("rowGroups").EnumerateArray());
        Assert.Equal(8, group.GetProperty("rowCount").GetInt64());
        var columns = group.GetProperty("columns");
        Assert.Equal(11, columns.GetArrayLength());
        var id = columns[0];
        Assert.Equal("id", id.GetProperty("path").GetString());
        Assert.Equal("UNCOMPRESSED", id.GetProperty("codec").GetString());
        Assert.Equal(["PLAIN", "PLAIN_DICTIONARY", "RLE"], [.. id.GetProperty("encodings").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)]);
        Assert.Equal(73, id.GetProperty("compressedSize").GetInt64());
        Assert.Equal(73, id.GetProperty("uncompressedSize").GetInt64());
        Assert.Equal(8, id.GetProperty("valueCount").GetInt64());
        Assert.Equal(139, columns[10].GetProperty("compressedSize").GetInt64());
    }

    [Fact]
    public void Column_chunk_key_value_metadata_keeps_a_key_without_value_as_null()
    {
        using var json = Inspect("column_chunk_key_value_metadata.parquet");
        var columns = json.RootElement.GetProperty("rowGroups")[0].GetProperty("columns");
        Assert.Equal(2, columns.GetArrayLength());
        var metadata = columns[0].GetProperty("keyValueMetadata");
        Assert.Equal("""{"foo":"bar","thisiskeywithoutvalue":null}""", Compact(metadata));
        Assert.False(columns[1].TryGetProperty("keyValueMetadata", out var second) && second.EnumerateObject().Any());
    }

    [Fact]
    public void Statistics_are_decoded_to_json_values()
    {
        using var strings = Inspect("data_index_bloom_encoding_stats.parquet");
        var column = strings.RootElement.GetProperty("rowGroups")[0].GetProperty("columns")[0];
        Assert.Equal("GZIP", column.GetProperty("codec").GetString());
        var statistics = column.GetProperty("statistics");
        Assert.Equal("Hello", statistics.GetProperty("min").GetString());
        Assert.Equal("today", statistics.GetProperty("max").GetString());
        Assert.Equal(0, statistics.GetProperty("nullCount").GetInt64());
        Assert.Equal("avro", strings.RootElement.GetProperty("keyValueMetadata").GetProperty("writer.model.name").GetString());

        // Deprecated min/max of a DECIMAL(4,2) on INT32: numbers with the column's scale.
        using var decimals = Inspect("int32_decimal.parquet");
        var value = decimals.RootElement.GetProperty("rowGroups")[0].GetProperty("columns")[0].GetProperty("statistics");
        Assert.Equal("1.00", value.GetProperty("min").GetRawText());
        Assert.Equal("24.00", value.GetProperty("max").GetRawText());
    }

    [Fact]
    public void Encrypted_file_is_bad_input()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "inspect", TestData.Corpus("uniform_encryption.parquet.encrypted"));
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error:", line, StringComparison.Ordinal);
        Assert.Contains("encrypted", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public void Truncated_file_is_bad_input_with_one_line()
    {
        using var dir = TestData.Scratch();
        var truncated = dir.File("truncated.parquet");
        System.IO.File.WriteAllBytes(truncated, System.IO.File.ReadAllBytes(TestData.Corpus("alltypes_plain.parquet"))[..1000]);
        var result = EtlProcess.Run(dir.Path, "inspect", truncated);
        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("etl: error:", line, StringComparison.Ordinal);
        Assert.Contains("byte offset", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public void Missing_file_is_a_usage_error()
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "inspect", "missing.parquet");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("etl: error: file not found", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Row_count_is_what_the_row_groups_hold_when_the_footer_says_zero()
    {
        using var dir = TestData.Scratch();
        var path = dir.File("zero-rows-footer.parquet");
        System.IO.File.WriteAllBytes(path, WithFooterRowCount(System.IO.File.ReadAllBytes(TestData.Corpus("alltypes_plain.parquet")), 0));

        var inspect = EtlProcess.Run(dir.Path, "inspect", path);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using var json = JsonDocument.Parse(inspect.StandardOutput);
        Assert.Equal(8, json.RootElement.GetProperty("rowCount").GetInt64());
        Assert.Equal(8, Assert.Single(json.RootElement.GetProperty("rowGroups").EnumerateArray()).GetProperty("rowCount").GetInt64());

        var convert = EtlProcess.Run(dir.Path, "convert", path, "out.ndjson");
        Assert.True(convert.ExitCode == 0, convert.ToString());
        Assert.Equal(8, System.IO.File.ReadAllLines(dir.File("out.ndjson")).Length);
    }

    /// <summary>The file with its footer's num_rows replaced (what some writers leave: 0).</summary>
    private static byte[] WithFooterRowCount(byte[] file, long rows)
    {
        int length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(file.Length - 8));
        int offset = file.Length - 8 - length;
        var metadata = Etl.Parquet.Meta.FileMetaDataDecoder.Decode(file.AsSpan(offset, length));
        Assert.Equal(8, metadata.NumRows);
        metadata.NumRows = rows;
        var footer = Etl.Parquet.Meta.FileMetaDataEncoder.Encode(metadata);
        var result = new byte[offset + footer.Length + 8];
        file.AsSpan(0, offset).CopyTo(result);
        footer.CopyTo(result, offset);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(result.AsSpan(offset + footer.Length), footer.Length);
        "PAR1"u8.CopyTo(result.AsSpan(result.Length - 4));
        return result;
    }

    private static JsonDocument Inspect(string corpusFile)
    {
        using var dir = TestData.Scratch();
        var result = EtlProcess.Run(dir.Path, "inspect", TestData.Corpus(corpusFile));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.StandardError);
        return JsonDocument.Parse(result.StandardOutput);
    }

    private static string Compact(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) element.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
