using System.CommandLine;
using System.Text.Json;
using Etl.Core.Convert;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Local.Cli;

/// <summary><c>etl inspect FILE</c>: the file's schema, row groups, column chunks and key-value metadata as JSON.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A Parquet file, a FIFO, /dev/stdin, or - for standard input." };
        var spoolLimit = SpoolLimit.CreateOption();
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("inspect", "Describe a Parquet file as JSON: schema, row groups, column chunks, metadata.") { file, spoolLimit, verbose };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(spoolLimit), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string path, string? spoolLimitOption, bool verbose)
    {
        try
        {
            var spoolLimit = SpoolLimit.Resolve(spoolLimitOption);
            using var input = new CliInput(path);
            input.Open("a Parquet file");
            using var reader = input.Parquet(spoolLimit);
            using var stdout = Console.OpenStandardOutput();
            using (var json = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                Describe(reader, input.FileName, json);
            }
            stdout.Write("\n"u8);
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
    }

    private static void Describe(ParquetFileReader reader, string fileName, Utf8JsonWriter json)
    {
        var meta = reader.Metadata;
        json.WriteStartObject();
        json.WriteString("file", fileName);
        json.WriteNumber("sizeBytes", reader.Length);
        json.WriteNumber("formatVersion", meta.Version);
        json.WriteString("createdBy", meta.CreatedBy);
        json.WriteNumber("rowCount", reader.RowCount);   // the row groups' sum, also when the footer's num_rows disagrees
        json.WritePropertyName("schema");
        WriteSchema(reader.Schema.Root, json, isRoot: true);
        json.WritePropertyName("keyValueMetadata");
        WriteKeyValues(meta.KeyValueMetadata, json);
        json.WriteStartArray("rowGroups");
        for (var g = 0; g < meta.RowGroups.Count; g++) WriteRowGroup(reader, g, json);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSchema(SchemaNode node, Utf8JsonWriter json, bool isRoot)
    {
        json.WriteStartObject();
        json.WriteString("name", node.Name);
        if (!isRoot) json.WriteString("repetition", node.Repetition.ToString().ToUpperInvariant());
        var e = node.Element;
        if (e.Type is { } type) json.WriteString("physicalType", PhysicalName(type));
        if (e.TypeLength is { } length && e.Type == PhysicalType.FixedLenByteArray) json.WriteNumber("typeLength", length);
        if (e.LogicalType is { } logical) json.WriteString("logicalType", LogicalName(logical));
        if (e.ConvertedType is { } converted) json.WriteString("convertedType", converted.ToString().ToUpperInvariant());
        if (node.Column is { } column)
        {
            json.WriteString("path", column.DottedPath);
            json.WriteNumber("maxDefinitionLevel", column.MaxDefinitionLevel);
            json.WriteNumber("maxRepetitionLevel", column.MaxRepetitionLevel);
        }
        if (!node.IsLeaf)
        {
            json.WriteStartArray("fields");
            foreach (var child in node.Children) WriteSchema(child, json, isRoot: false);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteRowGroup(ParquetFileReader reader, int index, Utf8JsonWriter json)
    {
        var group = reader.Metadata.RowGroups[index];
        json.WriteStartObject();
        json.WriteNumber("index", index);
        json.WriteNumber("rowCount", group.NumRows);
        json.WriteNumber("totalByteSize", group.TotalByteSize);
        if (group.TotalCompressedSize is { } compressed) json.WriteNumber("totalCompressedSize", compressed);
        json.WriteStartArray("columns");
        for (var c = 0; c < group.Columns.Count; c++)
        {
            var column = reader.Schema.Columns[c];
            var meta = group.Columns[c].MetaData;
            json.WriteStartObject();
            json.WriteString("path", column.DottedPath);
            if (meta is not null)
            {
                json.WriteString("physicalType", PhysicalName(meta.Type));
                json.WriteString("codec", meta.Codec.ToString().ToUpperInvariant());
                json.WriteStartArray("encodings");
                foreach (var encoding in meta.Encodings) json.WriteStringValue(EncodingName(encoding));
                json.WriteEndArray();
                json.WriteNumber("valueCount", meta.NumValues);
                json.WriteNumber("compressedSize", meta.TotalCompressedSize);
                json.WriteNumber("uncompressedSize", meta.TotalUncompressedSize);
                json.WriteNumber("dataPageOffset", meta.DataPageOffset);
                if (meta.DictionaryPageOffset is { } dictionary) json.WriteNumber("dictionaryPageOffset", dictionary);
                if (meta.Statistics is { } statistics) WriteStatistics(column, statistics, json);
                if (meta.KeyValueMetadata is { Count: > 0 } kv)
                {
                    json.WritePropertyName("keyValueMetadata");
                    WriteKeyValues(kv, json);
                }
            }
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStatistics(ColumnDescriptor column, Statistics statistics, Utf8JsonWriter json)
    {
        json.WriteStartObject("statistics");
        if (statistics.NullCount is { } nulls) json.WriteNumber("nullCount", nulls);
        if (statistics.DistinctCount is { } distinct) json.WriteNumber("distinctCount", distinct);
        // The deprecated min/max used signed byte order; prefer the newer fields when present.
        WriteStatistic("min", column, statistics.MinValue ?? statistics.Min, json);
        WriteStatistic("max", column, statistics.MaxValue ?? statistics.Max, json);
        json.WriteEndObject();
    }

    private static void WriteStatistic(string name, ColumnDescriptor column, byte[]? bytes, Utf8JsonWriter json)
    {
        if (bytes is null) return;
        var batch = StatisticsValue.ToBatch(column, bytes);
        json.WritePropertyName(name);
        if (batch is null)
        {
            json.WriteBase64StringValue(bytes);
            return;
        }
        json.WriteRawValue(ParquetJsonValue.Format(batch, 0), skipInputValidation: false);
    }

    private static void WriteKeyValues(List<KeyValue>? pairs, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        foreach (var pair in pairs ?? [])
        {
            if (pair.Value is null) json.WriteNull(pair.Key);
            else json.WriteString(pair.Key, pair.Value);
        }
        json.WriteEndObject();
    }

    private static string PhysicalName(PhysicalType type) => type switch
    {
        PhysicalType.ByteArray => "BYTE_ARRAY",
        PhysicalType.FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        _ => type.ToString().ToUpperInvariant(),
    };

    private static string EncodingName(Encoding encoding) => encoding switch
    {
        Encoding.PlainDictionary => "PLAIN_DICTIONARY",
        Encoding.RleDictionary => "RLE_DICTIONARY",
        Encoding.BitPacked => "BIT_PACKED",
        Encoding.DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        Encoding.DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        Encoding.DeltaByteArray => "DELTA_BYTE_ARRAY",
        Encoding.ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => encoding.ToString().ToUpperInvariant(),
    };

    private static string LogicalName(LogicalType t) => t.Kind switch
    {
        LogicalTypeKind.Decimal => $"DECIMAL({t.Precision},{t.Scale})",
        LogicalTypeKind.Time or LogicalTypeKind.Timestamp => $"{t.Kind.ToString().ToUpperInvariant()}({t.Unit.ToString().ToUpperInvariant()},{(t.IsAdjustedToUtc ? "UTC" : "LOCAL")})",
        LogicalTypeKind.Integer => $"INT({t.BitWidth},{(t.IsSigned ? "SIGNED" : "UNSIGNED")})",
        LogicalTypeKind.Unknown => $"UNKNOWN(field {t.FieldId})",
        _ => t.Kind.ToString().ToUpperInvariant(),
    };
}
