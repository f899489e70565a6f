using Etl.Agents.Dbt;
using Etl.Core.Agents;

namespace Etl.Agents.Offline;

/// <summary>Refine without failures: the project checked against dbt's conventions, each check a decision (the offline agent's files pass them by construction; a project edited since may not).</summary>
internal static class ConventionsReview
{
    public static IReadOnlyList<AgentDecision> Review(string sourceName, ProjectFiles files)
    {
        var decisions = new List<AgentDecision>();
        var described = new Dictionary<string, (bool Description, int Tests)>(StringComparer.Ordinal);
        foreach (var (path, text) in files.Files)
        {
            if (!path.StartsWith("models/", StringComparison.Ordinal) || !(path.EndsWith(".yml", StringComparison.Ordinal) || path.EndsWith(".yaml", StringComparison.Ordinal))) continue;
            YamlMap root;
            try
            {
                root = YamlText.Read(text);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                decisions.Add(new AgentDecision($"review: {path} does not parse", 0.3, e.Message));
                continue;
            }
            if (root.Get("models") is not YamlSeq entries) continue;
            foreach (var model in entries.OfType<YamlMap>())
            {
                var name = Text(model.Get("name"));
                if (name is null) continue;
                var tests = 0;
                if (model.Get("columns") is YamlSeq columns)
                {
                    foreach (var column in columns.OfType<YamlMap>())
                        tests += ((column.Get("data_tests") as YamlSeq)?.Count ?? 0) + ((column.Get("tests") as YamlSeq)?.Count ?? 0);
                }
                described[name] = (Text(model.Get("description")) is { Length: > 0 }, tests);
            }
        }

        var undocumented = new List<string>();
        var untested = new List<string>();
        var sourceOutsideStaging = new List<string>();
        var models = 0;
        foreach (var (path, text) in files.Files)
        {
            if (DbtNames.ModelOf(path) is not { } model) continue;
            models++;
            if (!described.TryGetValue(model, out var doc) || !doc.Description) undocumented.Add(model);
            if (!described.TryGetValue(model, out doc) || doc.Tests == 0) untested.Add(model);
            if (!path.StartsWith("models/staging/", StringComparison.Ordinal) && text.Contains("source(", StringComparison.Ordinal)) sourceOutsideStaging.Add(path);
        }
        decisions.Add(Check("every model has a description", undocumented, models));
        decisions.Add(Check("every model has data tests", untested, models));
        decisions.Add(sourceOutsideStaging.Count == 0
            ? new AgentDecision("review: source() only in staging", 1.0, "no model outside models/staging reads a source directly")
            : new AgentDecision("review: source() outside staging", 0.4, $"{string.Join(", ", sourceOutsideStaging)} read a source directly; dbt's convention is to ref the staging model"));
        decisions.Add(files.Contains(DbtNames.SourcesYaml(sourceName))
            ? new AgentDecision("review: sources declared", 1.0, $"{DbtNames.SourcesYaml(sourceName)} declares the source tables")
            : new AgentDecision("review: sources not declared", 0.3, $"{DbtNames.SourcesYaml(sourceName)} is missing"));
        decisions.Add(files.Contains("profiles.yml")
            ? new AgentDecision("review: profiles.yml in the project", 0.4, "credentials belong outside the project; profiles.example.yml is the convention")
            : new AgentDecision("review: no profiles.yml", 1.0, "only profiles.example.yml, no credentials in the project"));
        return decisions;
    }

    private static AgentDecision Check(string what, List<string> failing, int models) => failing.Count == 0
        ? new AgentDecision($"review: {what}", 1.0, $"all {models} model(s) pass")
        : new AgentDecision($"review: not {what}", 0.5, $"{failing.Count} of {models} do not: {string.Join(", ", failing.Take(10))}{(failing.Count > 10 ? ", …" : "")}");

    private static string? Text(object? value) => value switch
    {
        string s => s,
        YamlPlain plain => plain.Text,
        _ => null,
    };
}
