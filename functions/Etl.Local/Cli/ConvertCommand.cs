using System.CommandLine;
using Etl.Core.Convert;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Local.Cli;

/// <summary><c>etl convert IN OUT [--format ndjson|json|parquet] [--compression …] [--threads N] [--max-output-bytes N]</c>: converts a file directly, no server involved.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "Input file: Parquet, JSON or NDJSON (told apart by content)." };
        var output = new Argument<string>("OUT") { Description = "Output file (.ndjson, .jsonl, .json, .parquet), or - for NDJSON on standard output." };
        var format = new Option<string?>("--format") { Description = "Output format, when OUT's extension does not say it." };
        format.AcceptOnlyFromAmong("ndjson", "json", "parquet");
        var compression = new Option<string>("--compression") { Description = "Parquet compression when writing Parquet.", DefaultValueFactory = _ => "snappy" };
        compression.AcceptOnlyFromAmong("snappy", "zstd", "gzip", "none");
        var threads = new Option<int>("--threads")
        {
            Description = "Cores to use (parsing NDJSON, encoding column chunks, decoding and formatting Parquet); the output is the same for any number.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--threads must be at least 1.");
        });
        var maxOutputBytes = new Option<long?>("--max-output-bytes")
        {
            Description = "Stop, keeping no output, once the output would pass this many bytes (a guard against files that expand enormously; default: no limit).",
        };
        maxOutputBytes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1) result.AddError("--max-output-bytes must be at least 1.");
        });
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("convert", "Convert Parquet to NDJSON/JSON, or JSON/NDJSON to Parquet (or to NDJSON normalized by the inferred schema).")
        {
            input, output, format, compression, threads, maxOutputBytes, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(format), parse.GetValue(compression)!,
            parse.GetValue(threads), parse.GetValue(maxOutputBytes) is { } max ? new OutputLimit(max, "--max-output-bytes") : null,
            parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string input, string output, string? format, string compression, int threads, OutputLimit? limit, bool verbose)
    {
        try
        {
            var target = OutputFormat(output, format);
            if (!System.IO.File.Exists(input)) throw new FileNotFoundException(null, input);
            var json = target == "json" ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
            if (IsParquet(input))
            {
                if (target == "parquet")
                    throw new CliUsageException($"'{input}' is already Parquet; convert it to .ndjson or .json");
                using var reader = ParquetFileReader.Open(input);
                WriteTo(output, limit, stream => ParquetToJson.Convert(reader, stream, json, new ParquetToJsonOptions { Parallelism = threads }));
            }
            else
            {
                var options = new JsonToParquetOptions
                {
                    Parallelism = threads,
                    Writer = ParquetWriterOptions.Default with { Compression = Codec(compression), EncodeParallelism = threads },
                };
                using var source = new FileStream(input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                if (target == "parquet")
                {
                    if (output == "-") throw new CliUsageException("Parquet cannot be written to standard output here; name an output file");
                    WriteTo(output, limit, stream => JsonToParquet.Convert(source, stream, options));
                }
                else
                {
                    WriteTo(output, limit, stream => JsonToParquet.Normalize(source, stream, json, options));
                }
            }
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
    }

    private static void WriteTo(string output, OutputLimit? limit, Action<Stream> convert)
    {
        if (output == "-")
        {
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 20);
            convert(Limited(stdout, limit));
            return;
        }
        using var file = new AtomicFileOutput(output);
        convert(Limited(file.Stream, limit));
        file.Commit();
    }

    private static Stream Limited(Stream stream, OutputLimit? limit) => limit is null ? stream : new LimitedOutputStream(stream, limit);

    private static bool IsParquet(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        // PARE is encrypted Parquet: the reader reports that properly, rather than the JSON reader calling it bad JSON.
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && (head.SequenceEqual("PAR1"u8) || head.SequenceEqual("PARE"u8));
    }

    private static CompressionCodec Codec(string name) => name switch
    {
        "zstd" => CompressionCodec.Zstd,
        "gzip" => CompressionCodec.Gzip,
        "none" => CompressionCodec.Uncompressed,
        _ => CompressionCodec.Snappy,
    };

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
