using System.CommandLine;
using Etl.Local.Cli;

var root = new RootCommand("Agentic ETL: Parquet ⇄ JSON conversion, profiling and (soon) agents, on one machine.");
ServeCommand.MakeDefault(root);

Command[] verbs =
[
    ServeCommand.Create(),
    // ── Verbs of the codec work (Cli/ConvertCommand.cs, Cli/InspectCommand.cs); add further verbs here. ──
    ConvertCommand.Create(),
    InspectCommand.Create(),
    InferCommand.Create(),
    NormalizeCommand.Create(),
];
foreach (var verb in verbs)
{
    root.Subcommands.Add(verb);
}

return await root.Parse(args).InvokeAsync();
