using Etl.Agents.Merge;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Merge;

public class ProjectMergeTests
{
    private const string ModelsPath = "models/staging/shop/_shop__models.yml";
    private const string OrdersPath = "models/staging/shop/stg_shop__orders.sql";

    [Fact]
    public void A_schema_change_keeps_the_persons_descriptions_tests_and_hand_written_model()
    {
        var merged = ProjectMerge.Merge(ShopProject.Base, ShopProject.Human, ShopProject.Generated);

        Assert.Equal("""
            version: 2

            models:
              - name: stg_shop__orders
                description: Every order placed in the web shop, one row per order. Owned by the finance team.
                meta:
                  owner: finance
                columns:
                  - name: order_id
                    description: The order's key.
                    data_tests:
                      - unique
                      - not_null
                  - name: user_id
                    description: Who placed the order.
                    data_tests:
                      - relationships:
                          arguments:
                            to: ref('stg_shop__customers')
                            field: customer_id
                  - name: amount
                    description: Order total in EUR, VAT included.
                    data_tests:
                      - not_null
                  - name: status
                    data_tests:
                      - accepted_values:
                          arguments:
                            values: ['placed', 'shipped', 'returned']
                  - name: ordered_at
              - name: stg_shop__customers
                description: Customers from the shop source.
                columns:
                  - name: customer_id
                    data_tests:
                      - unique
                      - not_null
                  - name: name

            """, merged.Files[ModelsPath]);
        Assert.Equal(ShopProject.OrdersSqlV2.Replace("    from source\n", "    from source\n    -- cancelled orders are not sales\n    where status <> 'cancelled'\n"), merged.Files[OrdersPath]);
        Assert.Equal(ShopProject.BigOrdersSql, merged.Files["models/marts/fct_big_orders.sql"]);
        Assert.Equal(ShopProject.MartsYml, merged.Files["models/marts/_marts__models.yml"]);
        Assert.Equal(ShopProject.SourcesYmlV2, merged.Files["models/staging/shop/_shop__sources.yml"]);
        Assert.False(merged.Files.Contains(ProjectMerge.MarkerFile));
        Assert.Equal(new Dictionary<string, string>
        {
            ["README.md"] = FileOrigins.Generated,
            ["dbt_project.yml"] = FileOrigins.Generated,
            ["models/marts/_marts__models.yml"] = FileOrigins.Human,
            ["models/marts/fct_big_orders.sql"] = FileOrigins.Human,
            [ModelsPath] = FileOrigins.Merged,
            ["models/staging/shop/_shop__sources.yml"] = FileOrigins.Generated,
            ["models/staging/shop/stg_shop__customers.sql"] = FileOrigins.Generated,
            [OrdersPath] = FileOrigins.Merged,
        }, merged.Origins);

        var coupon = Assert.Single(merged.Decisions, d => d.Action.Contains("column coupon", StringComparison.Ordinal));
        Assert.StartsWith("remove column coupon", coupon.Action);
        Assert.Contains("The promotion code the customer typed.", coupon.Reasoning);
        Assert.Contains(merged.Decisions, d => d.Action.StartsWith("add column ordered_at", StringComparison.Ordinal));
        Assert.Contains(merged.Decisions, d => d.Action.StartsWith("carry your documentation of column userid over to user_id", StringComparison.Ordinal));
        Assert.DoesNotContain(merged.Decisions, d => d.Action.StartsWith("remove column userid", StringComparison.Ordinal));
        Assert.Contains(merged.Decisions, d => d.Action == $"merge your edits to {OrdersPath} with the generator's changes");
        Assert.All(merged.Decisions, d => Assert.InRange(d.Confidence, 0, 1));
    }

    [Fact]
    public void The_diff_of_an_update_shows_exactly_the_schema_change()
    {
        var human = ShopProject.Human.Without(ProjectMerge.MarkerFile);
        var merged = ProjectMerge.Merge(ShopProject.Base, human, ShopProject.Generated);

        var diff = UnifiedDiff.Between(human, merged.Files);

        Assert.Equal(Changed("""
            --- a/models/staging/shop/_shop__models.yml
            +++ b/models/staging/shop/_shop__models.yml
            -      - name: userid
            +      - name: user_id
            -      - name: coupon
            -        description: The promotion code the customer typed.
            -                values: ['placed', 'shipped']
            +                values: ['placed', 'shipped', 'returned']
            +      - name: ordered_at
            --- a/models/staging/shop/_shop__sources.yml
            +++ b/models/staging/shop/_shop__sources.yml
            -          external_location: data/v1/orders.parquet
            +          external_location: data/v2/orders.parquet
            -          external_location: data/v1/customers.parquet
            +          external_location: data/v2/customers.parquet
            --- a/models/staging/shop/stg_shop__orders.sql
            +++ b/models/staging/shop/stg_shop__orders.sql
            -        userid,
            +        user_id,
            -        coupon,
            -        status
            +        status,
            +        cast(ordered_at as timestamp) as ordered_at

            """), Changed(diff));
        Assert.Equal(GnuDiff.Unified(ModelsPath, human[ModelsPath], merged.Files[ModelsPath]), UnifiedDiff.OfFile(ModelsPath, human[ModelsPath], merged.Files[ModelsPath]));
    }

    [Fact]
    public void Merging_identical_projects_is_the_identity()
    {
        var project = ShopProject.Human.Without(ProjectMerge.MarkerFile);

        var merged = ProjectMerge.Merge(project, project, project);

        Assert.Equal(project.Files, merged.Files.Files);
        Assert.All(merged.Origins.Values, origin => Assert.Equal(FileOrigins.Generated, origin));
        Assert.Empty(merged.Decisions);
        Assert.Empty(merged.Removed);
    }

    [Fact]
    public void Merging_twice_is_stable()
    {
        var once = ProjectMerge.Merge(ShopProject.Base, ShopProject.Human, ShopProject.Generated);

        var again = ProjectMerge.Merge(ShopProject.Base, once.Files, ShopProject.Generated);
        var nextRun = ProjectMerge.Merge(ShopProject.Generated, once.Files.With(ProjectMerge.MarkerFile, "{}"), ShopProject.Generated);

        Assert.Equal(once.Files.Files, again.Files.Files);
        Assert.Equal(once.Files.Files, nextRun.Files.Files);
        Assert.Empty(nextRun.Removed);
    }

    [Fact]
    public void Unchanged_sources_change_nothing_in_the_persons_project()
    {
        var human = ShopProject.Human;

        var merged = ProjectMerge.Merge(ShopProject.Base, human, ShopProject.Base);

        Assert.Equal(human.Without(ProjectMerge.MarkerFile).Files, merged.Files.Files);
        Assert.Equal("", UnifiedDiff.Between(human.Without(ProjectMerge.MarkerFile), merged.Files));
    }

    [Fact]
    public void Files_follow_the_three_way_rules()
    {
        var @base = Project(("kept.sql", "b"), ("untouched.sql", "b"), ("edited.sql", "b"), ("dropped.sql", "b"), ("dropped_edited.sql", "b"), ("deleted.sql", "b"));
        var human = Project(("kept.sql", "b"), ("untouched.sql", "b"), ("edited.sql", "h"), ("dropped.sql", "b"), ("dropped_edited.sql", "h"), ("mine.sql", "h"));
        var generated = Project(("kept.sql", "b"), ("untouched.sql", "g"), ("edited.sql", "b"), ("deleted.sql", "g"), ("new.sql", "g"));

        var merged = ProjectMerge.Merge(@base, human, generated);

        Assert.Equal(Project(("kept.sql", "b"), ("untouched.sql", "g"), ("edited.sql", "h"), ("dropped_edited.sql", "h"), ("mine.sql", "h"), ("new.sql", "g")).Files, merged.Files.Files);
        Assert.Equal(FileOrigins.Kept, merged.Origins["edited.sql"]);
        Assert.Equal(FileOrigins.Kept, merged.Origins["dropped_edited.sql"]);
        Assert.Equal(FileOrigins.Human, merged.Origins["mine.sql"]);
        Assert.Equal(FileOrigins.Generated, merged.Origins["new.sql"]);
        Assert.Equal(["dropped.sql"], merged.Removed);
        Assert.Contains(merged.Decisions, d => d.Action == "remove dropped.sql");
        Assert.Contains(merged.Decisions, d => d.Action == "keep dropped_edited.sql");
        Assert.Contains(merged.Decisions, d => d.Action == "leave out deleted.sql");
    }

    [Fact]
    public void Without_a_base_the_persons_files_win_and_new_files_are_added()
    {
        var human = Project(("a.sql", "h"), ("mine.sql", "h"), ("same.sql", "s"));
        var generated = Project(("a.sql", "g"), ("new.sql", "g"), ("same.sql", "s"));

        var merged = ProjectMerge.Merge(null, human, generated);

        Assert.Equal(Project(("a.sql", "h"), ("mine.sql", "h"), ("new.sql", "g"), ("same.sql", "s")).Files, merged.Files.Files);
        Assert.Equal(FileOrigins.Kept, merged.Origins["a.sql"]);
        Assert.Equal(FileOrigins.Human, merged.Origins["mine.sql"]);
        Assert.Contains(merged.Decisions, d => d.Action == "keep your a.sql" && d.Confidence <= 0.5);
    }

    [Fact]
    public void Sql_changed_on_the_same_lines_keeps_the_persons_file_and_says_which_lines()
    {
        var humanSql = ShopProject.OrdersSql.Replace("        userid,\n", "        userid as customer_id,\n");

        var merged = ProjectMerge.Merge(ShopProject.Base, ShopProject.Base.With(OrdersPath, humanSql), ShopProject.Generated);

        Assert.Equal(humanSql, merged.Files[OrdersPath]);
        Assert.Equal(FileOrigins.Kept, merged.Origins[OrdersPath]);
        var decision = Assert.Single(merged.Decisions, d => d.Action == $"keep your {OrdersPath}");
        Assert.Contains("(line 11 of the previous generated version)", decision.Reasoning, StringComparison.Ordinal);
        Assert.Contains("(line 11 of the previous generated version)", decision.Reasoning, StringComparison.Ordinal);
        Assert.DoesNotContain("<<<<<<<", merged.Files[OrdersPath]);
    }

    [Fact]
    public void Configuration_follows_the_generator_and_descriptions_follow_the_person()
    {
        const string b = "version: 2\nmodels:\n  - name: m\n    description: generated\n    config:\n      materialized: view\n";
        const string h = "version: 2\nmodels:\n  - name: m\n    description: mine\n    config:\n      materialized: table\n    tests:\n      - dbt_utils.expression_is_true:\n          arguments:\n            expression: \"x > 0\"\n";
        const string g = "version: 2\nmodels:\n  - name: m\n    description: regenerated\n    config:\n      materialized: incremental\n    data_tests:\n      - unique\n";

        var merged = ProjectMerge.Merge(Project(("m.yml", b)), Project(("m.yml", h)), Project(("m.yml", g)));

        Assert.Equal("""
            version: 2
            models:
              - name: m
                description: mine
                config:
                  materialized: incremental
                tests:
                  - unique
                  - dbt_utils.expression_is_true:
                      arguments:
                        expression: "x > 0"

            """, merged.Files["m.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "take the generator's 'materialized' of model m in m.yml");
        Assert.Contains(merged.Decisions, d => d.Action == "keep your 'description' of model m in m.yml");
        Assert.Equal(merged.Files["m.yml"], ProjectMerge.Merge(Project(("m.yml", b)), merged.Files, Project(("m.yml", g))).Files["m.yml"]);
    }

    [Fact]
    public void Yaml_that_does_not_parse_is_kept_as_the_person_has_it()
    {
        const string broken = "models:\n  - name: m\n   description: [oops\n";

        var merged = ProjectMerge.Merge(Project(("m.yml", "models: []\n")), Project(("m.yml", broken)), Project(("m.yml", "models:\n  - name: m\n")));

        Assert.Equal(broken, merged.Files["m.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "keep your m.yml" && d.Reasoning.Contains("does not parse", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_with_a_repeated_key_is_kept_as_the_person_has_it()
    {
        const string repeated = "models:\n  - name: m\n    description: a\n    description: b\n";

        var merged = ProjectMerge.Merge(Project(("m.yml", "models: []\n")), Project(("m.yml", repeated)), Project(("m.yml", "models:\n  - name: n\n")));

        Assert.Equal(repeated, merged.Files["m.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "keep your m.yml" && d.Reasoning.Contains("does not parse", StringComparison.Ordinal));
    }

    [Fact]
    public void Dbt_style_yaml_is_written_back_as_it_was_read()
    {
        foreach (var text in new[] { ShopProject.ModelsYmlHuman, ShopProject.ModelsYmlV2, ShopProject.SourcesYml, ShopProject.ProjectYml })
        {
            Assert.Equal(text, YamlText.Write(YamlText.Read(text, out _)!, text));
        }
    }

    private static ProjectFiles Project(params (string Path, string Content)[] files) =>
        new(files.Select(f => KeyValuePair.Create(f.Path, f.Content)));

    // The header and changed lines of a diff, without hunk headers and context.
    private static string Changed(string diff) =>
        string.Concat(diff.Split('\n').Where(l => l.Length > 0 && l[0] is '+' or '-').Select(l => l + "\n"));
}
