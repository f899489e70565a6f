using System.CommandLine;
using System.Text.Json;
using Etl.Core.Convert;
using Etl.Core.Json;

namespace Etl.Local.Cli;

/// <summary>
/// <c>etl infer FILE</c>: reads a JSON / NDJSON file once and prints the schema JSON → Parquet would write, as JSON:
/// every field (structs and lists included) with its path (<c>a.b[].c</c>), type, nullability, how many values were
/// widened, and why.
/// </summary>
internal static class InferCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A JSON or NDJSON file, a FIFO, /dev/stdin, or - for standard input." };
        var maxDepth = new Option<int>("--max-depth")
        {
            Description = "Deepest nesting allowed inside one record.",
            DefaultValueFactory = _ => JsonReadOptions.DefaultMaxDepth,
        };
        var maxRecordMb = new Option<int>("--max-record-mb")
        {
            Description = "Largest single record (NDJSON line, array element or whole document), in MiB.",
            DefaultValueFactory = _ => JsonReadOptions.DefaultMaxRecordBytes / (1024 * 1024),
        };
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("infer", "Infer the Parquet schema of a JSON or NDJSON file and print it as JSON (path, type, nullable, widened).")
        {
            file, maxDepth, maxRecordMb, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(maxDepth), parse.GetValue(maxRecordMb), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string path, int maxDepth, int maxRecordMb, bool verbose)
    {
        try
        {
            if (maxDepth is < 1 or > 1000) throw new CliUsageException($"--max-depth must be between 1 and 1000, not {maxDepth}");
            if (maxRecordMb is < 1 or > 2047) throw new CliUsageException($"--max-record-mb must be between 1 and 2047, not {maxRecordMb}");
            var options = new JsonToParquetOptions
            {
                Read = new JsonReadOptions { MaxDepth = maxDepth, MaxRecordBytes = (int)Math.Min(Array.MaxLength, maxRecordMb * 1024L * 1024) },
            };
            using var input = new CliInput(path);
            input.Open("JSON or NDJSON");
            if (input.IsParquet)
                throw new CliUsageException($"{input.Name} is Parquet, and infer reads JSON or NDJSON; etl inspect describes a Parquet file's schema");
            InferredSchema schema;
            using (var source = input.Sequential()) schema = JsonToParquet.Infer(source, options);
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            Describe(schema, input.FileName, stdout);
            stdout.Flush();
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
    }

    /// <summary>
    /// Writes the report as JSON with one column per line, so even a schema of a thousand fields stays readable:
    /// <c>{"file", "records", "shape", "wrapsValues", "widenedValues", "columns": [{"path","type","nullable","widened","note"?}, …]}</c>.
    /// </summary>
    private static void Describe(InferredSchema schema, string file, Stream output)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var json = new Utf8JsonWriter(buffer, options);
        json.WriteStartObject();
        json.WriteString("file", file);
        json.WriteNumber("records", schema.RecordCount);
        json.WriteString("shape", schema.Shape switch
        {
            JsonInputShape.Objects => "objects",
            JsonInputShape.Array => "array",
            _ => "value",
        });
        json.WriteBoolean("wrapsValues", schema.WrapsValues);
        json.WriteNumber("widenedValues", schema.WidenedValues);
        json.WriteEndObject();
        json.Flush();
        // The header object without its closing brace, then the columns array line by line.
        output.Write(buffer.WrittenSpan[..^1]);
        output.Write(",\"columns\":["u8);
        var columns = schema.Columns();
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("path", column.Path);
            json.WriteString("type", column.Type);
            json.WriteBoolean("nullable", column.Nullable);
            json.WriteNumber("widened", column.Widened);
            if (column.Note is not null) json.WriteString("note", column.Note);
            json.WriteEndObject();
            json.Flush();
            output.Write("\n  "u8);
            output.Write(buffer.WrittenSpan);
            if (i < columns.Count - 1) output.Write(","u8);
        }
        output.Write("\n]}\n"u8);
    }
}
