using System.Text.RegularExpressions;
using Etl.Agents.Dbt;
using Etl.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Tests.Offline;

/// <summary>The projects the offline agent writes for every json-sample follow the agents contract's layout and dbt's conventions.</summary>
public class ConventionsTests
{
    private const string Prompt = "staging models, a daily aggregate, facts for the root table";

    public static TheoryData<string> Samples() => NormalizedSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_gets_the_contract_layout(string sample)
    {
        var run = await OfflineRun.OfSampleAsync(sample, Prompt);
        var source = run.Context.Source;
        var files = run.Files;
        var s = source.Name;

        Assert.Contains(DbtNames.ProjectFile, files.Paths);
        Assert.Contains("profiles.example.yml", files.Paths);
        Assert.Contains("README.md", files.Paths);
        Assert.DoesNotContain("profiles.yml", files.Paths);
        Assert.DoesNotContain(".agentic-etl.json", files.Paths);
        Assert.Contains($"models/staging/{s}/_{s}__sources.yml", files.Paths);
        Assert.Contains($"models/staging/{s}/_{s}__models.yml", files.Paths);
        foreach (var path in files.Paths)
        {
            Assert.Null(ProjectFiles.PathProblem(path));
            if (DbtNames.ModelOf(path) is not { } model) continue;
            Assert.Matches("^[a-z0-9_]+$", model);
            if (path.StartsWith("models/staging/", StringComparison.Ordinal)) Assert.Matches($"^models/staging/{s}/stg_{s}__[a-z0-9_]+\\.sql$", path);
            else if (path.StartsWith("models/intermediate/", StringComparison.Ordinal)) Assert.Matches("^models/intermediate/int_[a-z0-9_]+\\.sql$", path);
            else Assert.Matches("^models/marts/(fct|dim)_[a-z0-9_]+\\.sql$", path);
        }
        Assert.Equal(source.Tables.Count, files.Paths.Count(p => p.StartsWith($"models/staging/{s}/stg_", StringComparison.Ordinal)));
        if (files.Paths.Any(p => p.StartsWith("models/intermediate/int_", StringComparison.Ordinal))) Assert.Contains(DbtNames.IntermediateYaml, files.Paths);
        if (files.Paths.Any(p => p.StartsWith("models/marts/", StringComparison.Ordinal) && p.EndsWith(".sql", StringComparison.Ordinal)))
            Assert.Contains(DbtNames.MartsYaml, files.Paths);

        var project = ProjectReader.Yaml(files[DbtNames.ProjectFile]!);
        Assert.Equal("2", project.Get("config-version").Text());
        var name = project.Get("name").Text()!;
        Assert.Equal(name, project.Get("profile").Text());
        var layers = (YamlMappingNode)((YamlMappingNode)project.Get("models")!).Get(name)!;
        Assert.Equal("view", ((YamlMappingNode)layers.Get("staging")!).Get("+materialized").Text());
        Assert.Equal("view", ((YamlMappingNode)layers.Get("intermediate")!).Get("+materialized").Text());
        Assert.Equal("table", ((YamlMappingNode)layers.Get("marts")!).Get("+materialized").Text());
        var profiles = ProjectReader.Yaml(files["profiles.example.yml"]!);
        var outputs = (YamlMappingNode)((YamlMappingNode)profiles.Get(name)!).Get("outputs")!;
        Assert.Equal("duckdb", ((YamlMappingNode)outputs.Get("duckdb")!).Get("type").Text());
        Assert.Equal("athena", ((YamlMappingNode)outputs.Get("athena")!).Get("type").Text());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Staging_models_use_the_source_and_renamed_ctes_and_only_they_read_sources(string sample)
    {
        var run = await OfflineRun.OfSampleAsync(sample, Prompt);
        var source = run.Context.Source;
        foreach (var (path, sql) in run.Files.Files)
        {
            if (DbtNames.ModelOf(path) is null) continue;
            var sources = Regex.Matches(sql, @"\{\{ source\('([^']+)', '([^']+)'\) \}\}");
            if (!path.StartsWith("models/staging/", StringComparison.Ordinal))
            {
                Assert.Empty(sources);
                Assert.Matches(@"\{\{ ref\('[a-z0-9_]+'\) \}\}", sql);
                continue;
            }
            var only = Assert.Single(sources);
            Assert.Equal(source.Name, only.Groups[1].Value);
            Assert.NotNull(source.Table(only.Groups[2].Value));
            Assert.Matches(@"^(\{\{ config\([^\n]*\) \}\}\n\n)?with source as \(\n\n    select \* from \{\{ source\(", sql);
            Assert.Contains("\nrenamed as (\n\n    select\n", sql, StringComparison.Ordinal);
            Assert.EndsWith("\n    from source\n\n)\n\nselect * from renamed\n", sql, StringComparison.Ordinal);
            Assert.DoesNotContain("ref(", sql, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_column_a_model_reads_exists_upstream_and_every_model_is_documented(string sample)
    {
        var run = await OfflineRun.OfSampleAsync(sample, Prompt);
        var source = run.Context.Source;
        var docs = ProjectReader.Models(run.Files);
        var sqlOf = run.Files.Files.Where(f => DbtNames.ModelOf(f.Key) is not null).ToDictionary(f => DbtNames.ModelOf(f.Key)!, f => f.Value);
        Assert.Equal(sqlOf.Keys.Order(), docs.Keys.Order());
        foreach (var (model, sql) in sqlOf)
        {
            var doc = docs[model];
            Assert.False(string.IsNullOrWhiteSpace(doc.Description), $"{model} has no description");
            Assert.All(doc.Columns, c => Assert.False(string.IsNullOrWhiteSpace(c.Description), $"{model}.{c.Name} has no description"));
            Assert.Contains(doc.Columns, c => c.Tests.Count > 0);

            var select = ProjectReader.SelectList(sql);
            Assert.Equal(doc.Columns.Select(c => c.Name), select.Select(s => s.Name));
            var refs = Regex.Matches(sql, @"ref\('([^']+)'\)").Select(m => m.Groups[1].Value).ToArray();
            IReadOnlySet<string> Upstream(string? qualifier)
            {
                if (refs.Length == 0)
                {
                    var table = source.Table(Regex.Match(sql, @"source\('[^']+', '([^']+)'\)").Groups[1].Value)!;
                    return table.Schema.Columns.Select(c => c.Name).ToHashSet();
                }
                var input = qualifier == "parent" ? refs[1] : refs[0];
                return docs[input].Columns.Select(c => c.Name).ToHashSet();
            }
            foreach (var (expression, _) in select)
            {
                foreach (var (qualifier, column) in ProjectReader.ColumnsIn(expression))
                    Assert.True(Upstream(qualifier).Contains(column), $"{model} reads {qualifier}.{column} ({expression}), which its input does not have");
            }
            foreach (Match filter in Regex.Matches(sql, @"where ([^\n]+)"))
            {
                foreach (var (qualifier, column) in ProjectReader.ColumnsIn(Regex.Replace(filter.Groups[1].Value, @"\(select max\([^)]*\) from \{\{ this \}\}\)", "")))
                    Assert.True(Upstream(qualifier).Contains(column), $"{model} filters on {column}, which its input does not have");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Yaml_parses_and_keyword_columns_are_quoted(string sample)
    {
        var run = await OfflineRun.OfSampleAsync(sample, Prompt);
        foreach (var (path, text) in run.Files.Files)
        {
            if (path.EndsWith(".yml", StringComparison.Ordinal)) Assert.NotNull(ProjectReader.Yaml(text));
        }
        foreach (var (model, doc) in ProjectReader.Models(run.Files))
        {
            var sql = run.Files[doc.Path.Replace(doc.Path[(doc.Path.LastIndexOf('/') + 1)..], model + ".sql", StringComparison.Ordinal)]!;
            foreach (var column in doc.Columns)
            {
                Assert.Equal(SqlIdentifiers.NeedsQuotes(column.Name), column.Quote);
                if (column.Quote) Assert.Contains($"\"{column.Name}\"", sql, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Keywords_are_double_quoted_in_sql()
    {
        var source = await NormalizedSamples.SourceOfJsonAsync("keywords",
            """{"select":1,"order":"a","end":"2024-01-01T00:00:00Z","group":{"by":2}}""" + "\n" + """{"select":2,"order":"b","end":"2024-01-02T00:00:00Z","group":{"by":3}}""" + "\n");
        var run = await OfflineRun.OfAsync(source, "staging");
        var sql = run.Files[$"models/staging/keywords/stg_keywords__keywords.sql"]!;
        Assert.Contains("        \"select\",\n", sql, StringComparison.Ordinal);
        Assert.Contains("        \"order\",\n", sql, StringComparison.Ordinal);
        Assert.Contains("cast(\"end\" as timestamp) as \"end\"", sql, StringComparison.Ordinal);
        Assert.Contains("        group__by\n", sql, StringComparison.Ordinal);
    }
}
