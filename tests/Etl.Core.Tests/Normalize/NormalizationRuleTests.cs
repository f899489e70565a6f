using System.Text;
using System.Text.Json;
using Etl.Core.Datasets;
using Etl.Core.Normalize;
using Etl.Tests.Shared;

namespace Etl.Core.Tests.Normalize;

/// <summary>The rules of normalization: keys, arrays, maps, depth, options, validation — checked through DuckDB where the files matter.</summary>
public sealed class NormalizationRuleTests
{
    private static string Ndjson(IEnumerable<string> lines) => string.Join("\n", lines) + "\n";

    private static Dictionary<string, string> KeysBy(NormalizedFolder folder, string table, string column) =>
        folder.Rows(table).ToDictionary(r => r.GetProperty(column).ToString(), r => r.GetProperty("_etl_key").GetString()!);

    [Fact]
    public void Natural_keys_give_the_same_row_keys_twice_and_after_the_records_are_shuffled_and_children_follow()
    {
        var lines = Enumerable.Range(0, 40).Select(i =>
            $"{{\"order_id\": \"o{i}\", \"note\": \"n{i % 3}\", \"items\": [{{\"sku\": \"s{i}\"}}, {{\"sku\": \"t{i}\"}}]}}").ToList();
        var shuffled = lines.Select((line, i) => (line, i)).OrderBy(p => p.i * 17 % 40).Select(p => p.line).ToList();
        Assert.NotEqual(lines, shuffled);

        using var first = NormalizedFolder.Of(Ndjson(lines), "orders");
        using var again = NormalizedFolder.Of(Ndjson(lines), "orders");
        using var moved = NormalizedFolder.Of(Ndjson(shuffled), "orders");

        Assert.Equal(["order_id"], first.Table("orders").NaturalKey!.Columns);
        var keys = KeysBy(first, "orders", "order_id");
        Assert.Equal(40, keys.Values.Distinct().Count());
        Assert.Equal(keys, KeysBy(again, "orders", "order_id"));
        Assert.Equal(keys, KeysBy(moved, "orders", "order_id"));
        // A child row keeps its key and its parent's key too (its key hashes the parent key and its position).
        var items = first.Rows("orders__items").ToDictionary(r => r.GetProperty("sku").GetString()!, r => (r.GetProperty("_etl_key").GetString(), r.GetProperty("_etl_parent_key").GetString()));
        var itemsMoved = moved.Rows("orders__items").ToDictionary(r => r.GetProperty("sku").GetString()!, r => (r.GetProperty("_etl_key").GetString(), r.GetProperty("_etl_parent_key").GetString()));
        Assert.Equal(items, itemsMoved);
        Assert.Equal(keys["o7"], items["s7"].Item2);
        Assert.Equal(first.Table("orders").Validation!.Checksum, moved.Table("orders").Validation!.Checksum);
    }

    [Fact]
    public void Without_a_natural_key_root_keys_hash_the_content_and_number_identical_records_so_shuffling_keeps_them()
    {
        List<string> lines = ["{\"a\": 1, \"b\": \"x\"}", "{\"a\": 2, \"b\": \"y\"}", "{\"a\": 1, \"b\": \"x\"}", "{\"a\": 3, \"b\": \"z\"}"];
        List<string> shuffled = [lines[3], lines[2], lines[1], lines[0]];

        using var first = NormalizedFolder.Of(Ndjson(lines), "t");
        using var moved = NormalizedFolder.Of(Ndjson(shuffled), "t");

        Assert.Null(first.Table("t").NaturalKey);
        Assert.Contains("content", first.Table("t").Column("_etl_key")!.Note);
        var keys = first.Rows("t").Select(r => r.GetProperty("_etl_key").GetString()).Order().ToList();
        var movedKeys = moved.Rows("t").Select(r => r.GetProperty("_etl_key").GetString()).Order().ToList();
        Assert.Equal(4, keys.Distinct().Count());
        Assert.Equal(keys, movedKeys);
        Assert.True(first.Check().GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void A_key_like_column_that_repeats_or_has_nulls_is_not_a_natural_key()
    {
        using var repeated = NormalizedFolder.Of("{\"id\": 1}\n{\"id\": 1}\n{\"id\": 2}\n", "r");
        using var nulls = NormalizedFolder.Of("{\"id\": 1}\n{\"id\": null}\n{\"id\": 2}\n", "n");
        using var missing = NormalizedFolder.Of("{\"id\": 1}\n{\"x\": 5}\n{\"id\": 2}\n", "m");
        using var unique = NormalizedFolder.Of("{\"user_id\": 1}\n{\"user_id\": 3}\n{\"user_id\": 2}\n", "u");

        Assert.Null(repeated.Table("r").NaturalKey);
        Assert.Null(nulls.Table("n").NaturalKey);
        Assert.Null(missing.Table("m").NaturalKey);
        Assert.Equal(["user_id"], unique.Table("u").NaturalKey!.Columns);
        Assert.Contains("all 3 rows; named user_id", unique.Table("u").NaturalKey!.Reason);
    }

    [Fact]
    public void A_column_of_UUIDs_is_a_natural_key_whatever_its_name_and_a_key_past_the_tracking_limit_is_given_up()
    {
        var lines = Enumerable.Range(0, 12).Select(i => $"{{\"ref\": \"{new Guid(i, 0, 0, new byte[8]):D}\", \"n\": {i}}}").ToList();
        using var uuids = NormalizedFolder.Of(Ndjson(lines), "u");
        using var limited = NormalizedFolder.Of(Ndjson(lines), "u", new NormalizeOptions { KeyTrackingLimit = 5 });

        Assert.Equal(["ref"], uuids.Table("u").NaturalKey!.Columns);
        Assert.Contains("every value a UUID", uuids.Table("u").NaturalKey!.Reason);
        Assert.Null(limited.Table("u").NaturalKey);
    }

    [Fact]
    public void Objects_flatten_into_double_underscore_columns_with_their_source_paths_and_null_counts()
    {
        using var folder = NormalizedFolder.Of("{\"customer\": {\"address\": {\"city\": \"Oslo\"}, \"name\": \"A\"}}\n{\"customer\": null}\n", "o");

        var city = folder.Table("o").Column("customer__address__city")!;
        Assert.Equal("customer.address.city", city.SourcePath);
        Assert.True(city.Nullable);
        Assert.Equal(1, city.NullCount);
        var rows = folder.Rows("o", orderBy: "none");
        Assert.Equal("Oslo", rows[0].GetProperty("customer__address__city").GetString());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("customer__address__city").ValueKind);
    }

    [Fact]
    public void Scalar_arrays_become_value_tables_by_default_and_LIST_columns_when_the_options_say()
    {
        const string json = "{\"id\": 1, \"tags\": [\"a\", \"b\", null]}\n{\"id\": 2, \"tags\": []}\n{\"id\": 3}\n";
        using var table = NormalizedFolder.Of(json, "p");
        using var list = NormalizedFolder.Of(json, "p", NormalizeOptions.Parse("{\"paths\": {\"tags\": {\"arrays\": \"list\"}}}"));

        var tags = table.Table("p__tags");
        Assert.Equal(3, tags.RowCount);
        Assert.Equal("STRING", tags.Column("value")!.Type.Name);
        var values = table.Rows("p__tags", orderBy: "none").Select(r => r.GetProperty("value").ValueKind == JsonValueKind.Null ? null : r.GetProperty("value").GetString()).ToList();
        Assert.Equal(["a", "b", null], values);
        Assert.Equal([0L, 1L, 2L], table.Rows("p__tags", orderBy: "none").Select(r => long.Parse(r.GetProperty("_etl_position").ToString())));

        Assert.Single(list.Document.Tables);
        Assert.Equal("LIST<STRING>", list.Table("p").Column("tags")!.Type.Name);
        var read = JsonDocument.Parse(InteropNode.Run("read-with-duckdb.mjs", Path.Combine(list.Folder, list.Table("p").File!))).RootElement;
        Assert.Equal("VARCHAR[]", read.GetProperty("columns").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tags").GetProperty("type").GetString());
        var lists = read.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("tags").ToString()).ToList();
        Assert.Equal(["[\"a\",\"b\",null]", "[]", ""], lists.Select(l => l.Replace(" ", "")));
    }

    [Fact]
    public void Maps_with_data_like_keys_become_key_value_tables_instead_of_a_column_per_key()
    {
        const string json = """
            {"id": 1, "daily": {"2024-01-01": {"views": 3, "clicks": 1}, "2024-01-02": {"views": 5, "clicks": 0}}, "scores": {"17": 0.5, "42": 1}}
            {"id": 2, "daily": {"2024-01-03": {"views": 7, "clicks": 2}}, "scores": {}}
            """;
        using var folder = NormalizedFolder.Of(json, "m");

        var root = folder.Table("m");
        Assert.DoesNotContain(root.Columns, c => c.Name.Contains("2024", StringComparison.Ordinal));
        var daily = folder.Table("m__daily");
        Assert.Equal(3, daily.RowCount);
        Assert.Equal(["key", "views", "clicks"], daily.Columns.Skip(4).Select(c => c.Name));
        Assert.Equal("INT64", daily.Column("views")!.Type.Name);
        var scores = folder.Table("m__scores");
        Assert.Equal(2, scores.RowCount);
        Assert.Equal("DOUBLE", scores.Column("value")!.Type.Name);
        var keys = folder.Rows("m__daily", orderBy: "none").Select(r => r.GetProperty("key").GetString()).ToList();
        Assert.Equal(["2024-01-01", "2024-01-02", "2024-01-03"], keys);
        Assert.True(folder.Check().GetProperty("ok").GetBoolean());
    }

    [Fact]
    public void Arrays_deeper_than_maxTableNesting_stay_JSON_text_columns_that_say_why_and_a_path_can_override_it()
    {
        const string json = "{\"a\": [{\"b\": [{\"c\": [{\"d\": 1}]}]}], \"x\": {\"y\": [{\"z\": 1}]}}\n";
        using var deep = NormalizedFolder.Of(json, "d");
        using var shallow = NormalizedFolder.Of(json, "d", NormalizeOptions.Parse("{\"maxTableNesting\": 1}"));
        using var perPath = NormalizedFolder.Of(json, "d", NormalizeOptions.Parse("{\"paths\": {\"a\": {\"maxTableNesting\": 2}, \"x.y\": {\"maxTableNesting\": 0}}}"));

        Assert.Equal(["d", "d__a", "d__a__b", "d__a__b__c", "d__x__y"], deep.Document.Tables.Select(t => t.Name));
        Assert.Equal(["d", "d__a", "d__x__y"], shallow.Document.Tables.Select(t => t.Name));
        var b = shallow.Table("d__a").Column("b")!;
        Assert.Equal("JSON", b.Type.Name);
        Assert.Contains("maxTableNesting", b.Note);
        Assert.Equal("[{\"c\":[{\"d\":1}]}]", shallow.Rows("d__a")[0].GetProperty("b").GetString());
        Assert.Equal(["d", "d__a", "d__a__b"], perPath.Document.Tables.Select(t => t.Name));
        Assert.Equal("JSON", perPath.Table("d").Column("x__y")!.Type.Name);
        Assert.True(shallow.Check().GetProperty("ok").GetBoolean());
    }

    [Theory]
    [InlineData("[1]", "must be a JSON object")]
    [InlineData("{\"maxTableNesting\": 99}", "maxTableNesting must be a whole number from 0 to 32, not 99")]
    [InlineData("{\"maxNesting\": 2}", "unknown option 'maxNesting'")]
    [InlineData("{\"paths\": {\"a\": {\"arrays\": \"rows\"}}}", "paths.\"a\".arrays must be \"table\" or \"list\"")]
    [InlineData("{\"paths\": {\"a\": {\"layout\": 1}}}", "unknown setting 'layout' in paths.\"a\"")]
    [InlineData("{\"paths\": []}", "'paths' must be an object")]
    [InlineData("{nope", "not valid JSON")]
    public void Bad_options_are_refused_saying_what_is_wrong(string options, string message)
    {
        var error = Assert.Throws<NormalizeOptionsException>(() => NormalizeOptions.Parse(options));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_list_layout_for_an_array_of_objects_is_refused_naming_the_path()
    {
        var options = NormalizeOptions.Parse("{\"paths\": {\"items\": {\"arrays\": \"list\"}}}");
        var error = Assert.Throws<NormalizeOptionsException>(() => NormalizedFolder.Of("{\"items\": [{\"a\": 1}]}", "x", options));
        Assert.Contains("but items holds objects", error.Message);
    }

    [Fact]
    public void The_validation_check_fails_on_a_table_whose_rows_differ_from_the_input_and_names_it()
    {
        using var folder = NormalizedFolder.Of("{\"id\": 1, \"items\": [{\"a\": 1}, {\"a\": 2}]}\n", "v");
        var tables = folder.Document.Tables.ToList();
        NormalizationValidationException.ThrowIfBroken(tables);
        var items = tables[1];
        tables[1] = items with { Validation = items.Validation! with { Rows = items.Validation.Rows - 1 } };

        var error = Assert.Throws<NormalizationValidationException>(() => NormalizationValidationException.ThrowIfBroken(tables));
        Assert.Contains("v__items: 1 rows written, 2 expected", error.Message);
        Assert.Equal("ValidationFailed", Etl.Core.Pipeline.StageError.From(error, "convert").ErrorType);
    }

    [Fact]
    public void Tables_json_lists_keys_foreign_keys_and_validation_and_round_trips()
    {
        using var folder = NormalizedFolder.Of("{\"id\": 1, \"items\": [{\"lines\": [{\"q\": 1}]}]}\n{\"id\": 2, \"items\": []}\n", "k");
        var document = TablesDocument.Parse(File.ReadAllText(Path.Combine(folder.Folder, "tables.json")));

        var lines = document.Table("k__items__lines")!;
        Assert.Equal("k__items", lines.Parent);
        Assert.Equal(["_etl_key"], lines.PrimaryKey);
        Assert.Equal(["_etl_key", "_etl_parent_key", "_etl_root_key", "_etl_position", "q"], lines.Columns.Select(c => c.Name));
        Assert.Equal([("_etl_parent_key", "k__items"), ("_etl_root_key", "k")], lines.ForeignKeys.Select(f => (f.Columns[0], f.References.Table)));
        Assert.Equal(2, document.InputRecords);
        Assert.All(document.Tables, t => Assert.True(t.Validation!.Holds));
        Assert.Matches("^[0-9a-f]{16}$", lines.Validation!.Checksum);
    }
}
