using System.Text.Json.Nodes;
using Etl.Agents.Offline;
using Etl.Agents.Pipeline;
using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;
using Etl.Core.Datasets.Keys;
using Etl.Core.Normalize;

namespace Etl.Agents.Validation.Tests.Rendering;

/// <summary>
/// The independent check on the agents' own output: every model the offline agent writes for a json-sample, rendered by
/// real Jinja (python3-jinja2) and by our renderer, must be identical character for character in both
/// is_incremental() branches, and the project must pass validation on the sample's data.
/// </summary>
public sealed class OfflineAgentParityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    public static TheoryData<string, string> Samples() => new()
    {
        { "github-events-gharchive-2021-07-21.ndjson", "events" },
        { "ocds-release-package.json", "package" },
        { "rasa-tracker-events.jsonl", "events" },
        { "usgs-earthquakes-week-2018-02-07.geojson", "earthquakes" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_model_the_offline_agent_writes_renders_as_real_jinja_renders_it_and_passes_validation(string sample, string root)
    {
        var prompt = $"staging models, intermediate joins, tests, a daily aggregate, facts for {root}, make {root} incremental";
        using var folder = new TempDirectory();
        var dataset = new string(TableNamer.DatasetNameFromFile(sample).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var sink = new DirectoryTableSink(folder.Path);
        await using (var input = File.OpenRead(TestFiles.In("json-samples", sample)))
        {
            var document = JsonNormalizer.Normalize(input, dataset, sink);
            document = RelationshipFinder.AddKeys(document, table => File.OpenRead(sink.PathOf(table.Name)));
            await File.WriteAllTextAsync(Path.Combine(folder.Path, "tables.json"), document.ToJson());
        }
        var source = await TablesFolder.LoadAsync(folder.Path, null, null, CancellationToken.None);
        var agent = new OfflineProjectAgent();
        var context = new AgentContext(new AgentRequest(prompt), source, [prompt]);
        var plan = await agent.PlanAsync(context, CancellationToken.None);
        var generated = await agent.GenerateAsync(context, plan.Result, CancellationToken.None);
        var files = (await agent.RefineAsync(context, plan.Result, generated.Result, null, CancellationToken.None)).Result;

        var validator = new DbtProjectValidator();
        var models = files.Paths.Where(p => p.EndsWith(".sql", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(models);
        var requests = new List<(string Name, string Template, bool Incremental)>();
        foreach (var path in models)
        {
            requests.Add((Path.GetFileNameWithoutExtension(path), files[path]!, false));
            requests.Add((Path.GetFileNameWithoutExtension(path), files[path]!, true));
        }
        output.WriteLine($"{sample}: {models.Count} models, {models.Count(p => files[p]!.Contains("is_incremental()", StringComparison.Ordinal))} incremental");
        var expected = RealJinja.Render("main", Vars(files), requests);
        for (var i = 0; i < models.Count; i++)
        {
            var full = validator.Render(files, models[i]);
            Assert.True(full.Complete, $"{models[i]}: {string.Join("; ", full.NotValidated)} {full.Error}");
            Assert.Equal(expected[2 * i], full.Sql);
            Assert.Equal(expected[2 * i + 1], validator.Render(files, models[i], isIncremental: true).Sql);
        }

        var tables = source.Tables.Select(t => new SourceTableData(source.Name, t.Schema.Name, TablesFolder.PathOf(folder.Path, t.Schema))).ToList();
        var report = await validator.ValidateAsync(files, tables, CancellationToken.None);
        Assert.True(report.Passed, ReportText.Describe(report));
    }

    /// <summary>dbt_project.yml's vars for the Python side (the offline agent writes none today; an empty object then).</summary>
    private static JsonObject Vars(ProjectFiles files)
    {
        var vars = new JsonObject();
        if (files["dbt_project.yml"] is not { } text || Etl.Agents.Validation.Schemas.YamlTree.Parse(text).Root?["vars"] is not JsonObject declared) return vars;
        foreach (var (key, value) in declared) vars[key] = value?.DeepClone();
        return vars;
    }
}
