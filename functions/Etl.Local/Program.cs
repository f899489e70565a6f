using System.CommandLine;
using Etl.Local.Cli;

var root = new RootCommand("Agentic ETL: Parquet ⇄ JSON conversion, profiling, datasets and dbt-writing agents, on one machine.");
ServeCommand.MakeDefault(root);

Command[] verbs =
[
    ServeCommand.Create(),
    // ── Verbs of the codec work (Cli/ConvertCommand.cs, Cli/InspectCommand.cs); add further verbs here. ──
    ConvertCommand.Create(),
    InspectCommand.Create(),
    InferCommand.Create(),
    // ── Dataset verbs (Cli/Datasets). ──
    Etl.Local.Cli.Datasets.NormalizeCommand.Create(),
    Etl.Local.Cli.Datasets.DiffCommand.Create(),
    Etl.Local.Cli.Agents.DbtCommand.Create(),
];
foreach (var verb in verbs)
{
    root.Subcommands.Add(verb);
}

// No response files: `--options @file` is read by the normalize verb itself (and a file argument may start with @).
return await root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null }).InvokeAsync();
