using Xunit.Abstractions;
using System.Text;
using Etl.Agents.Validation.Tests.Fixtures;
using Etl.Core.Agents;
using Etl.Core.Normalize;

namespace Etl.Agents.Validation.Tests.Execution;

/// <summary>
/// The validator on real datasets: every json-sample normalized into Parquet tables, a staging project written over
/// them (every column, quoted; unique + not_null on <c>_etl_key</c>; relationships from each child table's
/// <c>_etl_parent_key</c> to its parent), validated on the data.
/// </summary>
public sealed class JsonSamplesTests(ITestOutputHelper output)
{

    public static TheoryData<string> Samples() =>
    [
        "github-events-gharchive-2021-07-21.ndjson",
        "ocds-record-package-versioned.json",
        "ocds-release-package.json",
        "rasa-tracker-events.jsonl",
        "usgs-earthquakes-week-2018-02-07.geojson",
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task A_staging_project_over_every_table_of_a_normalized_sample_passes(string sample)
    {
        using var folder = new TempDirectory();
        var source = TableNamer.DatasetNameFromFile(sample);
        var sink = new DirectoryTableSink(folder.Path);
        using var input = File.OpenRead(TestFiles.In("json-samples", sample));
        var document = JsonNormalizer.Normalize(input, source, sink);

        var files = new Dictionary<string, string>
        {
            ["dbt_project.yml"] = "name: samples\nversion: '1.0.0'\nconfig-version: 2\nprofile: samples\nmodels:\n  samples:\n    staging:\n      +materialized: view\n",
        };
        var sources = new StringBuilder($"version: 2\nsources:\n  - name: {source}\n    tables:\n");
        var models = new StringBuilder("version: 2\nmodels:\n");
        var tables = new List<SourceTableData>();
        foreach (var table in document.Tables)
        {
            tables.Add(new SourceTableData(source, table.Name, sink.PathOf(table.Name)));
            sources.Append($"      - name: {table.Name}\n");
            var model = $"stg_{source}__{table.Name}";
            var columns = string.Join(",\n        ", table.Columns.Select(c => $"\"{c.Name}\""));
            files[$"models/staging/{source}/{model}.sql"] = $"with source as (\n    select * from {{{{ source('{source}', '{table.Name}') }}}}\n),\n\nrenamed as (\n    select\n        {columns}\n    from source\n)\n\nselect * from renamed\n";
            models.Append($"  - name: {model}\n    columns:\n      - name: _etl_key\n        data_tests: [unique, not_null]\n");
            if (table.Parent is { } parent)
                models.Append($"      - name: _etl_parent_key\n        data_tests:\n          - relationships:\n              arguments:\n                to: ref('stg_{source}__{parent}')\n                field: _etl_key\n");
        }
        files[$"models/staging/{source}/_{source}__sources.yml"] = sources.ToString();
        files[$"models/staging/{source}/_{source}__models.yml"] = models.ToString();

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var report = await new DbtProjectValidator().ValidateAsync(new ProjectFiles(files), tables, CancellationToken.None);

        output.WriteLine($"TIMING {sample}: {document.Tables.Count} tables, validation {watch.ElapsedMilliseconds} ms");
        Assert.True(report.Passed, ReportText.Describe(report));
        Assert.Equal(document.Tables.Count, report.Models.Count);
        foreach (var table in document.Tables)
            Assert.Equal(table.RowCount, Assert.Single(report.Models, m => m.Model == $"stg_{source}__{table.Name}").Rows);
        Assert.Equal(document.Tables.Count, report.Reconciliations.Count(r => !r.Flagged && r.From.StartsWith("source ", StringComparison.Ordinal)));
    }
}
