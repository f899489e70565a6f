using System.CommandLine;
using Etl.Core.Datasets;
using Etl.Core.Datasets.Catalog;
using Etl.Core.Datasets.Changes;

namespace Etl.Local.Cli.Datasets;

/// <summary>
/// <c>etl diff OLD NEW [--policy evolve|freeze|review] [--dataset NAME] [--output FILE]</c>: the changes.json between the
/// schemas of two files, graded by the same rules as the catalog, for CI: exit 0 when nothing changed, 1 when every
/// change is non-breaking, 2 when one is breaking; 3 when the files cannot be compared, 4 when the output cannot be
/// written. OLD and NEW may each be a tables.json, a folder <c>etl normalize</c> wrote, a Parquet file or a JSON/NDJSON file.
/// </summary>
internal static class DiffCommand
{
    /// <summary>Exit code: the schemas are the same.</summary>
    public const int NoChanges = 0;

    /// <summary>Exit code: changes, none of them breaking.</summary>
    public const int NonBreaking = 1;

    /// <summary>Exit code: at least one breaking change.</summary>
    public const int Breaking = 2;

    /// <summary>Exit code: OLD or NEW could not be read, or the call was wrong.</summary>
    public const int CannotCompare = 3;

    public static Command Create()
    {
        var old = new Argument<string>("OLD") { Description = "The earlier schema: a tables.json, a folder written by etl normalize, a Parquet file, or a JSON/NDJSON file." };
        var @new = new Argument<string>("NEW") { Description = "The later schema, in any of the same forms." };
        var policy = new Option<string>("--policy")
        {
            Description = "The dataset policy whose decision is written (evolve: breaking held for review; freeze: any change rejected; review: any change held).",
            DefaultValueFactory = _ => "evolve",
        };
        policy.AcceptOnlyFromAmong("evolve", "freeze", "review");
        var dataset = new Option<string?>("--dataset") { Description = "The dataset name; names the root table of Parquet and JSON inputs (default: from NEW's file name)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write changes.json here instead of standard output." };
        var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace on failure." };
        var command = new Command("diff", "Compare the schemas of two files and grade each change breaking/warning/info (exit 0 none, 1 non-breaking, 2 breaking).")
        {
            old, @new, policy, dataset, output, verbose,
        };
        command.SetAction(parse => Run(parse.GetValue(old)!, parse.GetValue(@new)!, parse.GetValue(policy)!, parse.GetValue(dataset),
            parse.GetValue(output), parse.GetValue(verbose)));
        return command;
    }

    private static int Run(string oldPath, string newPath, string policyName, string? datasetName, string? outputPath, bool verbose)
    {
        try
        {
            var dataset = datasetName ?? Etl.Core.Normalize.TableNamer.DatasetNameFromFile(Path.GetFileName(Path.TrimEndingDirectorySeparator(newPath)));
            var before = SchemaFile.Load(oldPath, dataset);
            var after = SchemaFile.Load(newPath, dataset);
            var changes = ChangeClassifier.Diff(before, after);
            var policy = policyName switch
            {
                "freeze" => ChangePolicy.Freeze,
                "review" => ChangePolicy.Review,
                _ => ChangePolicy.Evolve,
            };
            var document = new ChangesDocument(dataset, FromVersion: 1, ToVersion: 2, PolicyDecision.Decide(changes, policy), changes);
            var text = System.Text.Encoding.UTF8.GetBytes(document.ToJson() + "\n");
            new CliOutput(outputPath ?? "-").Write(output => output.Write(text));
            Console.Error.WriteLine($"etl diff: {ChangeSummary.Of(document.FromVersion, changes)}");
            return Outcome(changes);
        }
        catch (Exception e)
        {
            // Exit codes 1 and 2 mean "changes" here, so every failure to compare is 3 (4 stays "cannot write").
            var code = CliFailure.Report(e, verbose);
            return code == CliFailure.CannotWrite ? code : CannotCompare;
        }
    }

    /// <summary>The exit code for a list of changes.</summary>
    public static int Outcome(IReadOnlyList<SchemaChange> changes)
    {
        if (changes.Count == 0) return NoChanges;
        foreach (var change in changes)
        {
            if (change.Severity == ChangeSeverity.Breaking) return Breaking;
        }
        return NonBreaking;
    }
}
