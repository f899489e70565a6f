using System.CommandLine;
using System.Globalization;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Cost;
using Etl.Core.Datasets.Ddl;
using Etl.Core.Datasets.Keys;
using Etl.Core.Normalize;

namespace Etl.Local.Cli.Datasets;

/// <summary>
/// <c>etl normalize IN OUTDIR [--dataset NAME] [--options JSON|@file] [--force]</c>: nested JSON / NDJSON into related
/// tables — <c>OUTDIR/{table}/{table}.parquet</c>, <c>OUTDIR/tables.json</c> and <c>OUTDIR/ddl.sql</c> (its LOCATIONs
/// are the table folders under OUTDIR). The tables are written into a
/// temporary sibling folder renamed to OUTDIR at the end, so a failure leaves no half set.
/// </summary>
internal static class NormalizeCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "A JSON or NDJSON file, a FIFO, /dev/stdin, or - for standard input." };
        var output = new Argument<string>("OUTDIR") { Description = "The folder to create: one folder per table with its Parquet file, and tables.json." };
        var dataset = new Option<string?>("--dataset") { Description = "The dataset's name, which the root table is named after (default: IN's file name without extensions)." };
        var options = new Option<string?>("--options")
        {
            Description = "Normalization options as JSON, or @file to read them from a file: {\"maxTableNesting\": 3, \"paths\": {\"payload.commits\": {\"arrays\": \"list\"}}}.",
        };
        var force = new Option<bool>("--force") { Description = "Replace OUTDIR when it exists and is not empty." };
        var spoolLimit = SpoolLimit.CreateOption();
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("normalize", "Split nested JSON or NDJSON into related tables (Parquet files and tables.json).")
        {
            input, output, dataset, options, force, spoolLimit, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(dataset), parse.GetValue(options),
            parse.GetValue(force), parse.GetValue(spoolLimit), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string inputArgument, string outputArgument, string? datasetOption, string? optionsText, bool force, string? spoolLimitOption, bool verbose)
    {
        string? staging = null;
        try
        {
            var options = NormalizeOptions.Parse(OptionsText(optionsText));
            var spoolLimit = SpoolLimit.Resolve(spoolLimitOption);
            var target = FolderOutput.Check(outputArgument, force);

            using var source = new CliInput(inputArgument);
            source.Open("JSON or NDJSON");
            if (source.IsParquet) throw new CliUsageException($"{source.Name} is Parquet; normalize reads JSON or NDJSON");
            var dataset = datasetOption ?? (source.FileName == "-" ? "data" : TableNamer.DatasetNameFromFile(source.FileName));
            using var json = source.Seekable(spoolLimit, "JSON is read twice, once to survey it and once to write the tables");

            staging = FolderOutput.Stage(target);
            var sink = new DirectoryTableSink(staging);
            var document = JsonNormalizer.Normalize(json, dataset, sink, options);
            document = Describe(document, sink, json.Length);
            File.WriteAllText(Path.Combine(staging, "tables.json"), document.ToJson());
            File.WriteAllText(Path.Combine(staging, "ddl.sql"), DdlScript.Write(document, target, dataset));
            FolderOutput.Publish(staging, target);
            staging = null;

            foreach (var table in document.Tables)
                Console.Out.WriteLine($"{table.Name}: {table.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows, {table.Columns.Count} columns{(table.NaturalKey is { } key ? $", natural key {string.Join(", ", key.Columns)}" : "")}");
            var r = document.Recommendation;
            Console.Out.WriteLine($"recommendation: {r.Layout.ToString().ToLowerInvariant()} ({r.Confidence.ToString("0.##", CultureInfo.InvariantCulture)}): {r.Reason}");
            return 0;
        }
        catch (Exception e)
        {
            return CliFailure.Report(e, verbose);
        }
        finally
        {
            FolderOutput.TryDelete(staging);
        }
    }

    /// <summary>What the catalog stage adds on the server too: foreign keys the values show between the tables, and the cost estimate.</summary>
    private static TablesDocument Describe(TablesDocument document, DirectoryTableSink sink, long inputBytes)
    {
        document = RelationshipFinder.AddKeys(document, table => File.OpenRead(sink.PathOf(table.Name)));
        var sizes = new List<(string Table, long Bytes)>(document.Tables.Count);
        foreach (var table in document.Tables) sizes.Add((table.Name, new FileInfo(sink.PathOf(table.Name)).Length));
        return document with { Cost = CostEstimator.Estimate(inputBytes, sizes) };
    }

    private static string? OptionsText(string? option)
    {
        if (option is null || !option.StartsWith('@')) return option;
        var file = option[1..];
        if (!File.Exists(file)) throw new CliUsageException($"--options {option}: the file {file} does not exist");
        return File.ReadAllText(file);
    }
}
