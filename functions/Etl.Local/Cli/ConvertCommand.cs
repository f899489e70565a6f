using System.CommandLine;
using Etl.Core.Convert;
using Etl.Core.Pipeline;
using Etl.Parquet.File;
using Etl.Parquet.Meta;

namespace Etl.Local.Cli;

/// <summary><c>etl convert IN OUT [--format ndjson|json|parquet] [--compression …] [--encodings compatible|size] [--threads N] [--spool-limit SIZE] [--max-decode-bytes SIZE] [--max-output-bytes N]</c>: converts a file directly, no server involved.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN")
        {
            Description = "Input: Parquet, JSON or NDJSON (told apart by content); a file, a FIFO, /dev/stdin, or - for standard input.",
        };
        var output = new Argument<string>("OUT")
        {
            Description = "Output file (.ndjson, .jsonl, .json, .parquet), a device or FIFO (written into, never replaced), or - for standard output (NDJSON unless --format says).",
        };
        var format = new Option<string?>("--format") { Description = "Output format, when OUT's extension does not say it." };
        format.AcceptOnlyFromAmong("ndjson", "json", "parquet");
        var compression = new Option<string>("--compression") { Description = "Parquet compression when writing Parquet.", DefaultValueFactory = _ => "snappy" };
        compression.AcceptOnlyFromAmong("snappy", "zstd", "gzip", "none");
        var encodings = new Option<string>("--encodings")
        {
            Description = "Parquet value encodings: compatible (read by every common reader; default) or size (smaller; Parquet.Net 6 cannot read its date, timestamp and decimal columns).",
            DefaultValueFactory = _ => "compatible",
        };
        encodings.AcceptOnlyFromAmong("compatible", "size");
        var threads = new Option<int>("--threads")
        {
            Description = "Cores to use (parsing NDJSON, encoding column chunks, decoding and formatting Parquet); the output is the same for any number.",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--threads must be at least 1.");
        });
        var spoolLimit = SpoolLimit.CreateOption();
        var maxDecodeBytes = DecodeBudgetOption.Create();
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
            input, output, format, compression, encodings, threads, spoolLimit, maxDecodeBytes, maxOutputBytes, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(format),
            Writer(parse.GetValue(compression)!, parse.GetValue(encodings)!, parse.GetValue(threads)), parse.GetValue(threads), parse.GetValue(spoolLimit), parse.GetValue(maxDecodeBytes),
            parse.GetValue(maxOutputBytes) is { } max ? new OutputLimit(max, "--max-output-bytes") : null, parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string inputArgument, string outputArgument, string? format, ParquetWriterOptions writer, int threads, string? spoolLimitOption, string? maxDecodeBytesOption,
        OutputLimit? limit, bool verbose)
    {
        try
        {
            var output = new CliOutput(outputArgument);
            var target = OutputFormat(outputArgument, output.IsStandardOutput, format);
            var spoolLimit = SpoolLimit.Resolve(spoolLimitOption);
            var read = DecodeLimits.ReadOptions(DecodeBudgetOption.Resolve(maxDecodeBytesOption));
            using var input = new CliInput(inputArgument);
            output.RefuseToOverwrite(input);
            if (target == "parquet" && output.IsStandardOutput && !Console.IsOutputRedirected)
                throw new CliUsageException("Parquet is binary and standard output is a terminal; name an output file or redirect standard output");
            input.Open("Parquet, JSON or NDJSON");
            var json = target == "json" ? JsonOutputFormat.Json : JsonOutputFormat.Ndjson;
            if (input.IsParquet)
            {
                if (target == "parquet")
                    throw new CliUsageException($"{input.Name} is already Parquet; convert it to .ndjson or .json");
                using var reader = input.Parquet(spoolLimit, read);
                output.Write(stream => ParquetToJson.Convert(reader, Limited(stream, limit), json, new ParquetToJsonOptions { Parallelism = threads }));
            }
            else
            {
                var options = new JsonToParquetOptions
                {
                    Parallelism = threads,
                    Writer = writer,
                };
                // Both ways read the JSON twice (infer the schema, then write): a pipe is copied first, within the limit.
                using var source = input.Seekable(spoolLimit, "JSON is read twice, once to infer the schema and once to convert");
                if (target == "parquet") output.Write(stream => JsonToParquet.Convert(source, Limited(stream, limit), options));
                else output.Write(stream => JsonToParquet.Normalize(source, Limited(stream, limit), json, options));
            }
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
    }

    private static Stream Limited(Stream stream, OutputLimit? limit) => limit is null ? stream : new LimitedOutputStream(stream, limit);

    private static ParquetWriterOptions Writer(string compression, string encodings, int threads) => ParquetWriterOptions.Default with
    {
        Compression = Codec(compression),
        Encodings = encodings == "size" ? EncodingProfile.SizeOptimized : EncodingProfile.Compatible,
        EncodeParallelism = threads,
    };

    private static CompressionCodec Codec(string name) => name switch
    {
        "zstd" => CompressionCodec.Zstd,
        "gzip" => CompressionCodec.Gzip,
        "none" => CompressionCodec.Uncompressed,
        _ => CompressionCodec.Snappy,
    };

    private static string OutputFormat(string output, bool standardOutput, string? format)
    {
        if (format is not null) return format;
        if (standardOutput) return "ndjson";
        return Path.GetExtension(output).ToLowerInvariant() switch
        {
            ".ndjson" or ".jsonl" => "ndjson",
            ".json" => "json",
            ".parquet" => "parquet",
            var other => throw new CliUsageException($"cannot tell the output format from the extension '{other}' of '{output}'; use --format ndjson|json|parquet"),
        };
    }
}
