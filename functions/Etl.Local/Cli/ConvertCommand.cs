using System.CommandLine;
using Etl.Core.Convert;
using Etl.Parquet.File;

namespace Etl.Local.Cli;

/// <summary><c>etl convert IN OUT [--format ndjson|json|parquet]</c>: converts a file directly, no server involved.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Input file: Parquet, JSON or NDJSON." };
        var output = new Argument<string>("OUT") { Description = "Output file (.ndjson, .jsonl, .json, .parquet), or - for NDJSON on standard output." };
        var format = new Option<string?>("--format") { Description = "Output format, when OUT's extension does not say it." };
        format.AcceptOnlyFromAmong("ndjson", "json", "parquet");
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("convert", "Convert Parquet to NDJSON/JSON (and, once the writer lands, JSON to Parquet).")
        {
            input, output, format, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(format), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string input, string output, string? format, bool verbose)
    {
        try
        {
            var target = OutputFormat(output, format);
            if (!System.IO.File.Exists(input)) throw new FileNotFoundException(null, input);
            if (target == "parquet")
                throw new CliUsageException("JSON → Parquet conversion is not available yet: the Parquet writer is still being built; convert Parquet to .ndjson or .json for now");
            if (LooksLikeJson(input))
                throw new CliUsageException($"'{input}' is JSON; converting JSON needs the Parquet writer, which is still being built");
            var json = target == "json" ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
            using var reader = ParquetFileReader.Open(input);
            if (output == "-")
            {
                using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 20);
                ParquetToJson.Convert(reader, stdout, json);
                return 0;
            }
            using var file = new AtomicFileOutput(output);
            ParquetToJson.Convert(reader, file.Stream, json);
            file.Commit();
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
    }

    private static bool LooksLikeJson(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        Span<byte> head = stackalloc byte[64];
        var n = stream.Read(head);
        var text = head[..n].TrimStart(" \t\r\n"u8).TrimStart("\uFEFF"u8);
        return !text.IsEmpty && (text[0] == (byte)'{' || text[0] == (byte)'[');
    }

    private static string OutputFormat(string output, string? format)
    {
        if (format is not null) return format;
        if (output == "-") return "ndjson";
        return Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".ndjson" or ".jsonl" => "ndjson",
            ".json" => "json",
            ".parquet" => "parquet",
            var other => throw new CliUsageException($"cannot tell the output format from the extension '{other}' of '{output}'; use --format ndjson|json|parquet"),
        };
    }
}
