using Etl.Agents.Dbt;

namespace Etl.Agents.Tests.Offline;

/// <summary>The one place model names are made: dbt's stg_/int_/fct_/dim_ conventions over the normalizer's table names.</summary>
public class DbtNamesTests
{
    [Theory]
    [InlineData("shop", "orders", "stg_shop__orders")]
    [InlineData("shop", "orders__items", "stg_shop__orders_items")]
    [InlineData("shop", "customer", "stg_shop__customers")]
    [InlineData("shop", "category", "stg_shop__categories")]
    [InlineData("shop", "tax", "stg_shop__taxes")]
    [InlineData("shop", "shop", "stg_shop__shop")]
    [InlineData("shop", "shop__payload__commits", "stg_shop__payload_commits")]
    [InlineData("usgs", "usgs__coordinates__h8r8t6h", "stg_usgs__coordinates_h8r8t6h")]
    [InlineData("usgs", "usgs__bbox", "stg_usgs__bboxes")]
    [InlineData("events_2021_07_21", "events_2021_07_2__reviewers__hvsbu2b", "stg_events_2021_07_21__events_2021_07_2_reviewers_hvsbu2b")]
    public void Staging_names_follow_the_contract(string source, string table, string expected) =>
        Assert.Equal(expected, DbtNames.Staging(source, table));

    [Fact]
    public void Paths_follow_the_contract()
    {
        Assert.Equal("models/staging/shop/stg_shop__orders.sql", DbtNames.StagingPath("shop", "stg_shop__orders"));
        Assert.Equal("models/staging/shop/_shop__sources.yml", DbtNames.SourcesYaml("shop"));
        Assert.Equal("models/staging/shop/_shop__models.yml", DbtNames.StagingYaml("shop"));
        Assert.Equal("models/intermediate/_int__models.yml", DbtNames.IntermediateYaml);
        Assert.Equal("models/marts/_marts__models.yml", DbtNames.MartsYaml);
        Assert.Equal("int_orders_items_joined", DbtNames.Joined("orders_items"));
        Assert.Equal("stg_shop__orders", DbtNames.ModelOf("models/staging/shop/stg_shop__orders.sql"));
        Assert.Null(DbtNames.ModelOf("models/staging/shop/_shop__models.yml"));
    }

    [Theory]
    [InlineData("orders", "order")]
    [InlineData("categories", "category")]
    [InlineData("boxes", "box")]
    [InlineData("address", "address")]
    [InlineData("status", "status")]
    [InlineData("analysis", "analysis")]
    public void Singular_matches_prompt_words_to_tables(string word, string singular) => Assert.Equal(singular, DbtNames.Singular(word));

    [Fact]
    public void Keywords_and_odd_names_are_quoted()
    {
        Assert.Equal("\"order\"", SqlIdentifiers.Quote("order"));
        Assert.Equal("\"end\"", SqlIdentifiers.Quote("end"));
        Assert.Equal("\"timestamp\"", SqlIdentifiers.Quote("timestamp"));
        Assert.Equal("amount", SqlIdentifiers.Quote("amount"));
        Assert.Equal("_etl_key", SqlIdentifiers.Quote("_etl_key"));
        Assert.Equal("\"1st\"", SqlIdentifiers.Quote("1st"));
    }

    [Fact]
    public void Yaml_text_reads_back_as_written()
    {
        var root = new YamlMap()
            .Add("version", 2)
            .Add("values", new YamlFlow { "yes", "1", "a \"quoted\" word", "line\nbreak", "Berlin-Schönefeld" })
            .Add("nested", new YamlSeq { new YamlMap().Add("name", "x").Add("tests", new YamlSeq { "unique", new YamlMap().Add("relationships", new YamlMap().Add("to", "ref('a')")) }) });
        var text = YamlText.Write(root);
        var parsed = ProjectReader.Yaml(text);
        Assert.Equal(["yes", "1", "a \"quoted\" word", "line\nbreak", "Berlin-Schönefeld"],
            ((YamlDotNet.RepresentationModel.YamlSequenceNode)parsed.Get("values")!).Select(v => v.Text()!));
        Assert.Equal(YamlDotNet.Core.ScalarStyle.DoubleQuoted, ((YamlDotNet.RepresentationModel.YamlScalarNode)((YamlDotNet.RepresentationModel.YamlSequenceNode)parsed.Get("values")!)[0]).Style);
        Assert.Equal(text, YamlText.Write(YamlText.Read(text)));
    }
}
