using System.Globalization;
using System.Text;
using System.Text.Json;
using Etl.Core.Convert;
using Etl.Core.Json;
using Etl.Parquet.File;

namespace Etl.Core.Tests.Json;

/// <summary>
/// JSON → Parquet → JSON, and the check that the values came back: the spec's round-trip rule ("the same values;
/// types may widen; key order becomes the schema's order"), applied field by field with the inferred types.
/// </summary>
internal static class RoundTrip
{
    public sealed record Result(InferredSchema Schema, byte[] Parquet, string[] Lines, JsonConversionResult Conversion);

    public static Result Run(byte[] json, JsonToParquetOptions? options = null)
    {
        var parquet = new MemoryStream();
        var conversion = JsonToParquet.Convert(new MemoryStream(json), parquet, options);
        Assert.Equal(parquet.Length, conversion.BytesWritten);
        parquet.Position = 0;
        var output = new MemoryStream();
        var back = ParquetToJson.Convert(parquet, output, JsonOutputFormat.Ndjson);
        Assert.Equal(conversion.RowCount, back.RowCount);
        var text = Encoding.UTF8.GetString(output.ToArray());
        var lines = text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n');
        return new Result(conversion.InferredSchema, parquet.ToArray(), lines, conversion);
    }

    /// <summary>Converts, reads back, and asserts every record's values survived.</summary>
    public static Result Check(byte[] json, JsonToParquetOptions? options = null)
    {
        var result = Run(json, options);
        AssertSameValues(json, result.Schema, result.Lines, options?.Read);
        using var reader = new ParquetFileReader(new MemoryStream(result.Parquet));
        var stored = InferredSchema.FromParquetMetadata(reader.Metadata.KeyValueMetadata);
        Assert.NotNull(stored);
        Assert.Equal(result.Schema.ToJson(), stored.ToJson());
        return result;
    }

    public static void AssertSameValues(byte[] json, InferredSchema schema, IReadOnlyList<string> lines, JsonReadOptions? read = null)
    {
        using var records = new JsonRecordReader(new MemoryStream(json), read);
        var index = 0;
        while (records.Read())
        {
            Assert.True(index < lines.Count, $"only {lines.Count} rows came back, the input has more records");
            using var original = JsonDocument.Parse(records.RecordMemory, new JsonDocumentOptions { MaxDepth = 1000 });
            using var output = JsonDocument.Parse(lines[index], new JsonDocumentOptions { MaxDepth = 1000 });
            var row = $"row {index}";
            if (schema.WrapsValues)
            {
                Assert.Single(output.RootElement.EnumerateObject());
                Compare(original.RootElement, output.RootElement.GetProperty(InferredSchema.ValueColumn), schema.Fields[0], $"{row} value");
            }
            else
            {
                CompareObject(original.RootElement, output.RootElement, schema.Fields, row);
            }
            index++;
        }
        Assert.Equal(index, lines.Count);
        Assert.Equal(index, schema.RecordCount);
    }

    private static void CompareObject(JsonElement original, JsonElement output, IReadOnlyList<InferredField> fields, string path)
    {
        Assert.Equal(JsonValueKind.Object, output.ValueKind);
        var names = output.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(fields.Select(f => f.Name), names);
        foreach (var field in fields)
        {
            JsonElement? value = null;
            foreach (var property in original.EnumerateObject())
            {
                if (property.Name == field.Name)
                {
                    value = property.Value; // the first occurrence wins
                    break;
                }
            }
            Compare(value, output.GetProperty(field.Name), field, $"{path}.{field.Name}");
        }
    }

    private static void Compare(JsonElement? original, JsonElement output, InferredField field, string path)
    {
        if (original is null || original.Value.ValueKind == JsonValueKind.Null)
        {
            Assert.True(field.Nullable, $"{path}: null or missing in a REQUIRED field");
            Assert.True(output.ValueKind == JsonValueKind.Null, $"{path}: expected null, got {output.GetRawText()}");
            return;
        }
        var value = original.Value;
        switch (field.Type)
        {
            case InferredType.Struct:
                CompareObject(value, output, field.Fields, path);
                return;
            case InferredType.List:
                Assert.Equal(JsonValueKind.Array, output.ValueKind);
                Assert.True(value.GetArrayLength() == output.GetArrayLength(), $"{path}: {value.GetArrayLength()} elements became {output.GetArrayLength()}");
                for (var i = 0; i < value.GetArrayLength(); i++) Compare(value[i], output[i], field.Element!, $"{path}[{i}]");
                return;
            case InferredType.Boolean:
                Assert.Equal(value.GetBoolean(), output.GetBoolean());
                return;
            case InferredType.Int64:
                Assert.True(value.GetInt64() == output.GetInt64(), $"{path}: {value.GetRawText()} became {output.GetRawText()}");
                return;
            case InferredType.Double:
                var expected = double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
                var actual = output.ValueKind == JsonValueKind.String
                    ? output.GetString() switch { "Infinity" => double.PositiveInfinity, "-Infinity" => double.NegativeInfinity, _ => double.NaN }
                    : output.GetDouble();
                Assert.True(expected.Equals(actual), $"{path}: {value.GetRawText()} became {output.GetRawText()}");
                return;
            case InferredType.String:
                var text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.GetRawText(),
                };
                Assert.True(text == output.GetString(), $"{path}: {value.GetRawText()} became {output.GetRawText()}");
                return;
            case InferredType.Date:
                Assert.Equal(value.GetString(), output.GetString());
                return;
            case InferredType.Timestamp:
            case InferredType.TimestampLocal:
                Assert.True(IsoTemporal.TryParseTimestamp(Encoding.UTF8.GetBytes(value.GetString()!), out var before, out var offset));
                Assert.Equal(field.Type == InferredType.Timestamp, offset);
                Assert.True(IsoTemporal.TryParseTimestamp(Encoding.UTF8.GetBytes(output.GetString()!), out var after, out _), $"{path}: {output.GetRawText()}");
                Assert.True(before == after, $"{path}: {value.GetRawText()} became {output.GetRawText()}");
                return;
            case InferredType.Json:
                Assert.True(JsonElement.DeepEquals(value, output), $"{path}: {value.GetRawText()} became {output.GetRawText()}");
                return;
            default:
                throw new InvalidOperationException(field.Type.ToString());
        }
    }
}
