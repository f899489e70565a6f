using Etl.Core.Normalize;

namespace Etl.Core.Tests.Normalize;

public class TableNamerTests
{
    [Theory]
    [InlineData("id", "id")]
    [InlineData("userId", "user_id")]
    [InlineData("UserID", "user_id")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("ipv4Address", "ipv4_address")]
    [InlineData("ABC", "abc")]
    [InlineData("already_snake", "already_snake")]
    [InlineData("first name", "first_name")]
    [InlineData("  padded  ", "padded")]
    [InlineData("a--b..c", "a_b_c")]
    [InlineData("price ($)", "price")]
    [InlineData("_id", "_id")]
    [InlineData("__v", "_v")]
    [InlineData("$oid", "_oid")]
    [InlineData("@timestamp", "_timestamp")]
    [InlineData("trailing_", "trailing")]
    [InlineData("Größe", "grosse")]
    [InlineData("café", "cafe")]
    [InlineData("ÉcoleNormale", "ecole_normale")]
    [InlineData("Łódź", "lodz")]
    [InlineData("Æsir", "aesir")]
    [InlineData("naïve façade", "naive_facade")]
    [InlineData("Tiếng Việt", "tieng_viet")]
    [InlineData("名前", "_empty")]
    [InlineData("名前id", "_id")]
    [InlineData("🎉", "_empty")]
    [InlineData("party🎉time", "party_time")]
    [InlineData("", "_empty")]
    [InlineData("!!!", "_empty")]
    [InlineData("_", "_empty")]
    [InlineData("1st", "_1st")]
    [InlineData("2FA", "_2_fa")]
    [InlineData("42", "_42")]
    [InlineData("order", "order")]
    [InlineData("select", "select")]
    [InlineData("_etl_key", "user_etl_key")]
    [InlineData("_etl_position", "user_etl_position")]
    [InlineData("_ETL_Key", "user_etl_key")]
    [InlineData("_etl", "_etl")]
    public void A_top_level_key_becomes_a_snake_case_column(string key, string expected)
    {
        var namer = new TableNamer("orders");

        var name = namer.ColumnName(namer.RootTable, [key]);

        Assert.Equal(expected, name);
        if (name == key) Assert.Empty(namer.Aliases);
        else Assert.Equal(
            Row(new NameAlias(NameKind.Column, "orders", [key], key, name,
                key.StartsWith("_etl_", StringComparison.OrdinalIgnoreCase) ? NameChangeReason.Reserved : NameChangeReason.Normalized)),
            Row(Assert.Single(namer.Aliases)));
    }

    [Theory]
    [InlineData(new[] { "customer", "name" }, "customer__name")]
    [InlineData(new[] { "customer", "firstName" }, "customer__first_name")]
    [InlineData(new[] { "Customer", "_id" }, "customer___id")]
    [InlineData(new[] { "1", "x" }, "_1__x")]
    [InlineData(new[] { "_etl", "key" }, "user_etl__key")]
    [InlineData(new[] { "", "" }, "_empty___empty")]
    public void Object_keys_flatten_into_double_underscore_columns(string[] path, string expected)
    {
        var namer = new TableNamer("orders");

        Assert.Equal(expected, namer.ColumnName(namer.RootTable, path));
    }

    [Theory]
    [InlineData("orders", "orders")]
    [InlineData("My Orders", "my_orders")]
    [InlineData("GitHubEvents", "git_hub_events")]
    [InlineData("2024 sales", "_2024_sales")]
    [InlineData("données", "donnees")]
    [InlineData("_etl_loads", "user_etl_loads")]
    [InlineData("", "_empty")]
    public void The_root_table_is_named_after_the_dataset(string dataset, string expected)
    {
        var namer = new TableNamer(dataset);

        Assert.Equal(expected, namer.RootTable);
        if (dataset == expected) Assert.Empty(namer.Aliases);
        else Assert.Equal(
            Row(new NameAlias(NameKind.Table, null, [], dataset, expected,
                dataset.StartsWith("_etl_", StringComparison.Ordinal) ? NameChangeReason.Reserved : NameChangeReason.Normalized)),
            Row(Assert.Single(namer.Aliases)));
    }

    [Theory]
    [InlineData("orders.json", "orders")]
    [InlineData("data/Orders 2024.ndjson.gz", "Orders 2024")]
    [InlineData(@"C:\in\events.JSONL", "events")]
    [InlineData("report.csv", "report.csv")]
    [InlineData(".json", ".json")]
    public void A_file_name_gives_the_dataset_name(string fileName, string expected) =>
        Assert.Equal(expected, TableNamer.DatasetNameFromFile(fileName));

    [Fact]
    public void Child_tables_are_named_parent__child_at_any_depth()
    {
        var namer = new TableNamer("orders");

        var items = namer.TableName(namer.RootTable, ["lineItems"]);
        var addresses = namer.TableName(namer.RootTable, ["customer", "addresses"]);
        var discounts = namer.TableName(items, ["discounts"]);
        var codes = namer.TableName(discounts, ["meta", "codes"]);

        Assert.Equal("orders__line_items", items);
        Assert.Equal("orders__customer__addresses", addresses);
        Assert.Equal("orders__line_items__discounts", discounts);
        Assert.Equal("orders__line_items__discounts__meta__codes", codes);
        Assert.Equal(
            [
                Row(new NameAlias(NameKind.Table, "orders", ["lineItems"], "orders__lineItems", items, NameChangeReason.Normalized)),
                Row(new NameAlias(NameKind.Table, items, ["discounts"], "orders__lineItems__discounts", discounts, NameChangeReason.Normalized)),
                Row(new NameAlias(NameKind.Table, discounts, ["meta", "codes"], "orders__lineItems__discounts__meta__codes", codes,
                    NameChangeReason.Normalized)),
            ],
            namer.Aliases.Select(Row));
    }

    [Fact]
    public void Asking_again_gives_the_same_name_without_a_new_alias()
    {
        var namer = new TableNamer("orders");
        var table = namer.TableName(namer.RootTable, ["lineItems"]);
        var column = namer.ColumnName(table, ["unitPrice"]);

        Assert.Equal(table, namer.TableName(namer.RootTable, ["lineItems"]));
        Assert.Equal(column, namer.ColumnName(table, ["unitPrice"]));
        Assert.Equal(2, namer.Aliases.Count);
    }

    [Fact]
    public void Columns_that_clash_keep_first_come_and_later_ones_get_a_numbered_suffix()
    {
        var namer = new TableNamer("users");
        var root = namer.RootTable;

        Assert.Equal("user_name", namer.ColumnName(root, ["user_name"]));
        Assert.Equal("user_name_2", namer.ColumnName(root, ["userName"]));
        Assert.Equal("user_name_3", namer.ColumnName(root, ["User Name"]));
        Assert.Equal("user__name", namer.ColumnName(root, ["user", "name"]));
        Assert.Equal("email", namer.ColumnName(root, ["Email"]));
        Assert.Equal("email_2", namer.ColumnName(root, ["EMAIL"]));
        Assert.Equal("e_mail", namer.ColumnName(root, ["e-mail"]));

        Assert.Equal(
            [
                ("userName", "user_name_2", NameChangeReason.Clash),
                ("User Name", "user_name_3", NameChangeReason.Clash),
                ("Email", "email", NameChangeReason.Normalized),
                ("EMAIL", "email_2", NameChangeReason.Clash),
            ],
            namer.Aliases.Select(a => (a.Original, a.Name, a.Reason)).Where(a => a.Original is not ("e-mail" or "user__name")));
    }

    [Fact]
    public void The_same_key_in_different_tables_is_no_clash()
    {
        var namer = new TableNamer("orders");
        var items = namer.TableName(namer.RootTable, ["items"]);

        Assert.Equal("id", namer.ColumnName(namer.RootTable, ["id"]));
        Assert.Equal("id", namer.ColumnName(items, ["id"]));
        Assert.Empty(namer.Aliases);
    }

    [Fact]
    public void Tables_that_clash_keep_first_come_and_their_children_follow_the_renamed_parent()
    {
        var namer = new TableNamer("orders");
        var root = namer.RootTable;

        var first = namer.TableName(root, ["lineItems"]);
        var second = namer.TableName(root, ["line_items"]);
        var third = namer.TableName(root, ["line", "items"]);
        var child = namer.TableName(second, ["sku"]);

        Assert.Equal("orders__line_items", first);
        Assert.Equal("orders__line_items_2", second);
        Assert.Equal("orders__line__items", third);
        Assert.Equal("orders__line_items_2__sku", child);
        var clash = Assert.Single(namer.Aliases, a => a.Name == second);
        Assert.Equal((NameChangeReason.Clash, "orders__line_items"), (clash.Reason, clash.Original));
    }

    [Fact]
    public void Reserved_columns_are_never_given_to_data()
    {
        var namer = new TableNamer("orders");
        var items = namer.TableName(namer.RootTable, ["items"]);

        foreach (var table in new[] { namer.RootTable, items })
            foreach (var reserved in ReservedColumns.All)
            {
                var name = namer.ColumnName(table, [reserved]);
                Assert.DoesNotContain(name, ReservedColumns.All);
                Assert.False(ReservedColumns.IsReserved(name));
                Assert.Equal(NameChangeReason.Reserved, namer.Aliases[^1].Reason);
            }
    }

    [Fact]
    public void A_name_of_exactly_63_characters_is_kept()
    {
        var key = new string('a', 30) + "_" + new string('b', 32);
        var namer = new TableNamer("t");

        Assert.Equal(63, key.Length);
        Assert.Equal(key, namer.ColumnName(namer.RootTable, [key]));
        Assert.Empty(namer.Aliases);
    }

    [Fact]
    public void A_single_long_key_is_cut_and_ends_in_a_hash_of_the_full_key()
    {
        var namer = new TableNamer("t");
        var key = new string('a', 30) + "_" + new string('b', 33);

        var name = namer.ColumnName(namer.RootTable, [key]);

        Assert.Equal(63, name.Length);
        Assert.Matches("^a{30}_b{23}__h[0-9a-v]{6}$", name);
        Assert.Equal((key, NameChangeReason.Shortened), (namer.Aliases[0].Original, namer.Aliases[0].Reason));
    }

    [Fact]
    public void A_long_path_keeps_its_first_and_last_segments_and_abbreviates_the_middle()
    {
        var namer = new TableNamer("orders");
        string[] path = ["lineItems", "productDetails", "manufacturerInformation", "countryOfOrigin"];

        var table = namer.TableName(namer.RootTable, path);
        var column = namer.ColumnName(table, ["shippingAddress", "deliveryInstructions", "buildingEntranceAccessCode"]);

        Assert.Matches("^orders__li__pd__mi__country_of_origin__h[0-9a-v]{6}$", table);
        Assert.Matches("^shipping_address__di__building_entrance_access_code__h[0-9a-v]{6}$", column);
        Assert.All(namer.Aliases, a => Assert.Equal(NameChangeReason.Shortened, a.Reason));
    }

    [Fact]
    public void The_shortening_hash_is_pinned_because_a_changed_hash_would_rename_catalogued_tables()
    {
        var namer = new TableNamer("orders");

        var table = namer.TableName(namer.RootTable, ["lineItems", "productDetails", "manufacturerInformation", "countryOfOrigin"]);

        // SHA-256 of the length-prefixed source path, first 30 bits in [0-9a-v]; computed independently in Python.
        Assert.Equal("orders__li__pd__mi__country_of_origin__h9du5hg", table);
    }

    [Fact]
    public void When_initials_are_not_enough_the_middle_is_dropped_then_both_ends_are_cut()
    {
        var namer = new TableNamer("t");
        var many = Enumerable.Range(0, 30).Select(i => "k" + i).Prepend("first").Append("last").ToArray();
        var longEnds = new[] { new string('f', 40), "middle", new string('l', 40) };

        var dropped = namer.ColumnName(namer.RootTable, many);
        var cut = namer.ColumnName(namer.RootTable, longEnds);

        Assert.Matches("^first__last__h[0-9a-v]{6}$", dropped);
        Assert.Matches("^f{26}__l{26}__h[0-9a-v]{6}$", cut);
    }

    [Fact]
    public void Long_paths_that_read_alike_are_told_apart_by_their_hash()
    {
        var namer = new TableNamer("t");
        var prefix = new string('x', 70);

        var a = namer.ColumnName(namer.RootTable, [prefix + "a"]);
        var b = namer.ColumnName(namer.RootTable, [prefix + "b"]);

        Assert.Equal(a[..^6], b[..^6]);
        Assert.NotEqual(a, b);
        Assert.All(namer.Aliases, alias => Assert.Equal(NameChangeReason.Shortened, alias.Reason));
    }

    [Fact]
    public void A_clash_on_a_63_character_name_cuts_before_the_suffix()
    {
        var namer = new TableNamer("t");
        var key = new string('a', 63);

        Assert.Equal(key, namer.ColumnName(namer.RootTable, [key]));
        Assert.Equal(new string('a', 61) + "_2", namer.ColumnName(namer.RootTable, [key.ToUpperInvariant()]));
    }

    [Fact]
    public void Names_are_the_same_in_a_fresh_namer()
    {
        static string[] NameAll()
        {
            var namer = new TableNamer("Événements");
            var items = namer.TableName(namer.RootTable, [new string('é', 80), "x"]);
            return
            [
                namer.RootTable, items,
                namer.ColumnName(items, ["a", new string('ß', 70)]),
                namer.ColumnName(items, ["A", new string('ß', 70)]),
            ];
        }

        Assert.Equal(NameAll(), NameAll());
        Assert.Equal("evenements", NameAll()[0]);
        Assert.Matches("^evenements__e__x__h[0-9a-v]{6}$", NameAll()[1]);
        // "a" and "A" normalize alike, but the hash is of the source path, so the shortened names differ.
        Assert.NotEqual(NameAll()[2], NameAll()[3]);
    }

    [Fact]
    public void Bad_arguments_say_what_to_do()
    {
        var namer = new TableNamer("orders");

        var unknown = Assert.Throws<ArgumentException>(() => namer.ColumnName("nope", ["a"]));
        Assert.Contains("'nope' was not named by this namer", unknown.Message);
        Assert.Throws<ArgumentException>(() => namer.TableName("nope", ["a"]));
        Assert.Throws<ArgumentException>(() => namer.ColumnName(namer.RootTable, []));
        Assert.Throws<ArgumentException>(() => namer.TableName(namer.RootTable, []));
        Assert.Throws<ArgumentException>(() => namer.ColumnName(namer.RootTable, [null!]));
    }

    // Records compare lists by reference; the path is compared by its keys.
    private static (NameKind, string?, string, string, string, NameChangeReason) Row(NameAlias a) =>
        (a.Kind, a.Table, string.Join("\u0001", a.Path), a.Original, a.Name, a.Reason);
}
