using System.Globalization;
using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>
/// Refine with validation's failures: a test that fails on the data is removed (the decision cites how many rows fail
/// it and one of them); a model that fails is fixed where a rule knows how (a failed cast becomes try_cast), else left
/// and said to still fail. Nothing that passed is touched.
/// </summary>
internal static class ProjectRepair
{
    public static (ProjectFiles Files, IReadOnlyList<AgentDecision> Decisions) Repair(ProjectFiles files, ValidationReport report)
    {
        var decisions = new List<AgentDecision>();
        var failedModels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in report.Models)
        {
            if (model.Error is null) continue;
            failedModels.Add(model.Model);
            files = RepairModel(files, model, decisions);
        }
        // A view builds without reading a row: a value that does not convert shows only when a test reads it.
        foreach (var test in report.Tests)
        {
            if (test.Passed || test.Error is not { } testError || !IsConversionError(testError) || failedModels.Contains(test.Model)) continue;
            if (report.Models.FirstOrDefault(m => m.Model == test.Model) is not { } model) continue;
            failedModels.Add(model.Model);
            files = RepairModel(files, model with { Error = testError, ErrorLine = null }, decisions);
        }
        foreach (var test in report.Tests)
        {
            if (test.Passed) continue;
            if (failedModels.Contains(test.Model))
            {
                decisions.Add(new AgentDecision($"keep test {test.Name}", 0.5, $"it failed because {test.Model} itself failed; it is judged again once the model is repaired"));
                continue;
            }
            files = RemoveTest(files, test, decisions);
        }
        foreach (var file in report.Files)
        {
            foreach (var error in file.Errors)
                decisions.Add(new AgentDecision($"still invalid: {file.Path}", 0.2,
                    $"{(error.Line is { } line ? $"line {line}: " : "")}{error.Message}; no rule of the offline agent repairs it"));
        }
        foreach (var reconciliation in report.Reconciliations)
        {
            if (reconciliation.Flagged)
                decisions.Add(new AgentDecision($"row count differs: {reconciliation.Model}", 0.3,
                    $"{reconciliation.From} has {reconciliation.FromRows} rows, {reconciliation.Model} {reconciliation.Rows}: {reconciliation.Reason}; left as it is for a person to judge"));
        }
        if (decisions.Count == 0) decisions.Add(new AgentDecision("nothing to repair", 1.0, "validation reported no failure"));
        return (files, decisions);
    }

    private static ProjectFiles RepairModel(ProjectFiles files, ModelRun model, List<AgentDecision> decisions)
    {
        var text = files[model.Path];
        var error = model.Error!;
        var where = model.ErrorLine is { } line ? $" (line {line})" : "";
        if (text is not null && IsConversionError(error) && text.Contains("cast(", StringComparison.Ordinal) && !text.Contains("try_cast(", StringComparison.Ordinal))
        {
            decisions.Add(new AgentDecision($"use try_cast in {model.Path}", 0.7,
                $"{model.Model} failed converting a value{where}: {error}; try_cast (DuckDB and Trino) makes a value that does not convert null instead of failing the model"));
            return files.With(model.Path, text.Replace("cast(", "try_cast(", StringComparison.Ordinal));
        }
        decisions.Add(new AgentDecision($"still fails: {model.Model}", 0.2, $"{model.Path}{where}: {error}; no rule of the offline agent repairs this error"));
        return files;
    }

    private static bool IsConversionError(string error) =>
        error.Contains("Conversion Error", StringComparison.OrdinalIgnoreCase) || error.Contains("Could not convert", StringComparison.OrdinalIgnoreCase)
        || error.Contains("Could not cast", StringComparison.OrdinalIgnoreCase) || error.Contains("cannot be cast", StringComparison.OrdinalIgnoreCase);

    private static ProjectFiles RemoveTest(ProjectFiles files, TestRun test, List<AgentDecision> decisions)
    {
        var evidence = test.Error is { } error
            ? $"it could not run: {error}"
            : $"{test.FailingRows.ToString(CultureInfo.InvariantCulture)} row(s) fail it" + (test.FailingRow is { } row ? $", e.g. {row.ToJsonString()}" : "");
        if (files[test.DefinedIn] is not { } yaml)
        {
            decisions.Add(new AgentDecision($"still fails: test {test.Name}", 0.2, $"{evidence}; its file {test.DefinedIn} is not in the project"));
            return files;
        }
        var root = YamlText.Read(yaml);
        if (!Remove(root, test))
        {
            decisions.Add(new AgentDecision($"still fails: test {test.Name}", 0.2, $"{evidence}; the test was not found in {test.DefinedIn} to remove"));
            return files;
        }
        decisions.Add(new AgentDecision($"remove test {test.Name}", 0.9,
            $"{test.Test} on {test.Model}{(test.Column is { } c ? "." + c : "")} does not hold on the data: {evidence}; only tests that pass are delivered"));
        return files.With(test.DefinedIn, YamlText.Write(root));
    }

    private static bool Remove(YamlMap root, TestRun test)
    {
        var model = test.Model.Contains(':', StringComparison.Ordinal) ? test.Model[(test.Model.IndexOf(':', StringComparison.Ordinal) + 1)..] : test.Model;
        foreach (var section in new[] { "models", "sources" })
        {
            if (root.Get(section) is not YamlSeq entries) continue;
            foreach (var entry in entries.OfType<YamlMap>())
            {
                var candidates = section == "sources" && entry.Get("tables") is YamlSeq tables ? tables.OfType<YamlMap>() : [entry];
                foreach (var candidate in candidates)
                {
                    if (Text(candidate.Get("name")) != model) continue;
                    if (test.Column is null) return RemoveFrom(candidate, test.Test);
                    if (candidate.Get("columns") is not YamlSeq columns) continue;
                    foreach (var column in columns.OfType<YamlMap>())
                    {
                        if (Text(column.Get("name")) == test.Column && RemoveFrom(column, test.Test)) return true;
                    }
                }
            }
        }
        return false;
    }

    private static bool RemoveFrom(YamlMap owner, string testName)
    {
        foreach (var key in new[] { "data_tests", "tests" })
        {
            if (owner.Get(key) is not YamlSeq tests) continue;
            var index = tests.FindIndex(t => Text(t) == testName || t is YamlMap map && map.Count == 1 && map[0].Key == testName);
            if (index < 0) continue;
            tests.RemoveAt(index);
            if (tests.Count == 0) owner.RemoveAll(kv => kv.Key == key);
            return true;
        }
        return false;
    }

    private static string? Text(object? value) => value switch
    {
        string s => s,
        YamlPlain plain => plain.Text,
        _ => null,
    };
}
