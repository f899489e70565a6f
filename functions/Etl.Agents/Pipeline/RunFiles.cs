using Etl.Core.Agents;

namespace Etl.Agents.Pipeline;

/// <summary>The delivered files as run.json lists them: each with its origin and whether validation passed what it defines.</summary>
public static class RunFiles
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string NotRun = "not-run";

    public static IReadOnlyList<RunFile> Describe(ProjectFiles files, IReadOnlyDictionary<string, string>? origins, ValidationReport report)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(report);
        var outcome = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var model in report.Models)
        {
            Record(outcome, model.Path, model.Ran && model.IncrementalRan != false && model.Error is null);
        }
        foreach (var file in report.Files)
        {
            Record(outcome, file.Path, file.Valid);
        }
        foreach (var test in report.Tests)
        {
            Record(outcome, test.DefinedIn, test.Passed);
        }
        foreach (var reconciliation in report.Reconciliations)
        {
            if (reconciliation.Flagged) Record(outcome, reconciliation.Path, false);
        }

        var described = new List<RunFile>(files.Count);
        foreach (var (path, content) in files.Files)
        {
            var origin = origins is not null && origins.TryGetValue(path, out var o) ? o : "generated";
            described.Add(new RunFile(path, content, origin, outcome.TryGetValue(path, out var v) ? v : NotRun));
        }
        return described;
    }

    private static void Record(Dictionary<string, string> outcome, string path, bool passed)
    {
        if (!passed) outcome[path] = Failed;
        else outcome.TryAdd(path, Passed);
    }
}
