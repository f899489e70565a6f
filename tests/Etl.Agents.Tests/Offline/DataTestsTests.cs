using Etl.Agents.Dbt;
using Etl.Core.Agents;
using YamlDotNet.RepresentationModel;

namespace Etl.Agents.Tests.Offline;

/// <summary>The staging models' tests are chosen from the data: keys, the profile's null counts, foreign keys, categorical values.</summary>
public class DataTestsTests
{
    public static TheoryData<string> Samples() => NormalizedSamples.All();

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Staging_tests_follow_keys_profiles_and_categories(string sample) =>
        AssertTestsFromData(await OfflineRun.OfSampleAsync(sample, "staging models"));

    [Fact]
    public async Task Orders_get_key_relationship_and_accepted_values_tests()
    {
        var run = await OfflineRun.OfAsync(await NormalizedSamples.OrdersAsync(), "staging models");
        AssertTestsFromData(run);
        var docs = ProjectReader.Models(run.Files);
        var orders = docs["stg_orders__orders"].Columns.ToDictionary(c => c.Name);
        Assert.Equal(["unique", "not_null"], orders["_etl_key"].TestNames);
        Assert.Equal(["unique", "not_null"], orders["order_id"].TestNames);
        var status = ProjectReader.TestArguments(Assert.Single(orders["status"].Tests));
        Assert.Equal(["delivered", "placed", "returned", "shipped"], ((YamlSequenceNode)status.Get("values")!).Select(v => v.Text()!));
        var items = docs["stg_orders__items"].Columns.ToDictionary(c => c.Name);
        var parent = items["_etl_parent_key"].Tests.Single(t => ProjectReader.TestName(t) == "relationships");
        Assert.Equal("ref('stg_orders__orders')", ProjectReader.TestArguments(parent).Get("to").Text());
        Assert.Equal("_etl_key", ProjectReader.TestArguments(parent).Get("field").Text());

        var sources = ProjectReader.Yaml(run.Files["models/staging/orders/_orders__sources.yml"]!);
        var table = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)sources.Get("sources")!)[0]).Get("tables")!)[0];
        Assert.Equal("loaded_at", table.Get("loaded_at_field").Text());
        Assert.Equal("hour", ((YamlMappingNode)((YamlMappingNode)table.Get("freshness")!).Get("warn_after")!).Get("period").Text());
        Assert.Equal(run.Context.Source.Table("orders")!.Location, ((YamlMappingNode)table.Get("meta")!).Get("external_location").Text());
        var itemsTable = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)sources.Get("sources")!)[0]).Get("tables")!)[1];
        Assert.Null(itemsTable.Get("loaded_at_field"));
    }

    private static void AssertTestsFromData(OfflineRun run)
    {
        var source = run.Context.Source;
        var docs = ProjectReader.Models(run.Files);
        foreach (var table in source.Tables)
        {
            var model = DbtNames.Staging(source.Name, table.Schema.Name);
            var doc = docs.TryGetValue(model, out var found) ? found : docs.Values.Single(d => d.Path.EndsWith("/" + model + ".sql", StringComparison.Ordinal));
            foreach (var column in doc.Columns)
            {
                var schema = table.Schema.Column(column.Name)!;
                var nulls = schema.Nullable ? schema.NullCount ?? table.Profile?.Columns.FirstOrDefault(p => p.Name == column.Name)?.NullCount : 0;
                foreach (var test in column.Tests)
                {
                    switch (ProjectReader.TestName(test))
                    {
                        case "unique":
                            Assert.True(column.Name == "_etl_key" || table.Schema.NaturalKey?.Columns.SequenceEqual([column.Name]) == true,
                                $"unique on {model}.{column.Name}, which is no key");
                            break;
                        case "not_null":
                            Assert.True(nulls == 0, $"not_null on {model}.{column.Name}, whose profile counts {nulls} nulls");
                            break;
                        case "relationships":
                            var arguments = ProjectReader.TestArguments(test);
                            var key = Assert.Single(table.Schema.ForeignKeys, k => k.Columns.SequenceEqual([column.Name])
                                && arguments.Get("to").Text() == $"ref('{DbtNames.Staging(source.Name, k.References.Table)}')");
                            Assert.Equal(key.References.Columns[0], arguments.Get("field").Text());
                            break;
                        case "accepted_values":
                            var values = (YamlSequenceNode)ProjectReader.TestArguments(test).Get("values")!;
                            Assert.Equal(table.CategoricalValues[column.Name], values.Select(v => v.Text()!));
                            break;
                        default:
                            Assert.Fail($"unexpected test {ProjectReader.TestName(test)}");
                            break;
                    }
                }
            }
            var rowKey = doc.Columns.Single(c => c.Name == "_etl_key");
            Assert.Equal(["unique", "not_null"], rowKey.TestNames);
            foreach (var key in table.Schema.ForeignKeys.Where(k => k.Columns[0] is "_etl_parent_key" or "_etl_root_key"))
                Assert.Contains("relationships", doc.Columns.Single(c => c.Name == key.Columns[0]).TestNames);
        }
    }
}
