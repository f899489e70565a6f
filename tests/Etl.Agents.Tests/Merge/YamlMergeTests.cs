using Etl.Agents.Merge;
using Etl.Core.Agents;

namespace Etl.Agents.Tests.Merge;

public class YamlMergeTests
{
    [Fact]
    public void Tests_spelled_tests_and_data_tests_merge_as_one_list_in_the_persons_spelling()
    {
        const string b = "models:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique\n";
        const string h = "models:\n  - name: m\n    columns:\n      - name: id\n        tests:\n          - unique\n          - not_null\n    description: mine\n";
        const string g = "models:\n  - name: m\n    columns:\n      - name: id\n        data_tests:\n          - unique\n      - name: total\n";

        Assert.Equal("""
            models:
              - name: m
                columns:
                  - name: id
                    tests:
                      - unique
                      - not_null
                  - name: total
                description: mine

            """, Merge(b, h, g).Files["f.yml"]);
    }

    [Fact]
    public void A_hand_added_model_entry_is_kept_and_a_dropped_untouched_model_entry_goes()
    {
        const string b = "models:\n  - name: stg_a\n  - name: stg_b\n";
        const string h = "models:\n  - name: stg_a\n    description: mine\n  - name: stg_b\n  - name: fct_mine\n    description: hand-written\n";
        const string g = "models:\n  - name: stg_a\n    description: generated\n  - name: stg_c\n";

        var merged = Merge(b, h, g);

        // A new entry goes right after the one it follows in the generated list.
        Assert.Equal("models:\n  - name: stg_a\n    description: mine\n  - name: stg_c\n  - name: fct_mine\n    description: hand-written\n", merged.Files["f.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "remove model stg_b (top level) in f.yml");
        Assert.Contains(merged.Decisions, d => d.Action == "keep your model fct_mine (top level) in f.yml" && d.Confidence == 1.0);
        Assert.Contains(merged.Decisions, d => d.Action == "add model stg_c (top level) in f.yml");
    }

    [Fact]
    public void An_edited_model_entry_the_generator_dropped_is_kept()
    {
        const string b = "models:\n  - name: stg_a\n  - name: stg_b\n";
        const string h = "models:\n  - name: stg_a\n  - name: stg_b\n    description: still used by finance\n";
        const string g = "models:\n  - name: stg_a\n    description: new\n";

        var merged = Merge(b, h, g);

        Assert.Equal("models:\n  - name: stg_a\n    description: new\n  - name: stg_b\n    description: still used by finance\n", merged.Files["f.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "keep model stg_b (top level) in f.yml" && d.Confidence < 1);
    }

    [Fact]
    public void A_documented_model_whose_sql_file_is_removed_leaves_the_yaml_too()
    {
        const string b = "version: 2\n\nmodels:\n  - name: stg_a\n  - name: stg_b\n";
        const string h = "version: 2\n\nmodels:\n  - name: stg_a\n  - name: stg_b\n    description: still used by finance\n";
        const string g = "version: 2\n\nmodels:\n  - name: stg_a\n    description: new\n";
        var @base = new ProjectFiles(new Dictionary<string, string> { ["m.yml"] = b, ["stg_a.sql"] = "select 1", ["stg_b.sql"] = "select 2" });
        var human = @base.With("m.yml", h);
        var generated = new ProjectFiles(new Dictionary<string, string> { ["m.yml"] = g, ["stg_a.sql"] = "select 1" });

        var merged = ProjectMerge.Merge(@base, human, generated);

        Assert.Equal(["stg_b.sql"], merged.Removed);
        Assert.Equal("version: 2\n\nmodels:\n  - name: stg_a\n    description: new\n", merged.Files["m.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "remove model stg_b from m.yml" && d.Reasoning.Contains("still used by finance", StringComparison.Ordinal));
    }

    [Fact]
    public void A_documented_column_replaced_by_an_unrelated_one_is_not_taken_for_a_rename()
    {
        const string b = "models:\n  - name: m\n    columns:\n      - name: a\n      - name: promo\n      - name: c\n";
        const string h = "models:\n  - name: m\n    columns:\n      - name: a\n      - name: promo\n        description: the promotion\n      - name: c\n";
        const string g = "models:\n  - name: m\n    columns:\n      - name: a\n      - name: total\n      - name: c\n";

        var merged = Merge(b, h, g);

        Assert.Equal(g, merged.Files["f.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "remove column promo (model m) in f.yml" && d.Reasoning.Contains("the promotion", StringComparison.Ordinal));
    }

    [Fact]
    public void A_column_the_person_removed_stays_removed()
    {
        const string b = "models:\n  - name: m\n    columns:\n      - name: a\n      - name: internal\n";
        const string h = "models:\n  - name: m\n    description: mine\n    columns:\n      - name: a\n";
        const string g = "models:\n  - name: m\n    columns:\n      - name: a\n      - name: internal\n      - name: b\n";

        var merged = Merge(b, h, g);

        Assert.Equal("models:\n  - name: m\n    description: mine\n    columns:\n      - name: a\n      - name: b\n", merged.Files["f.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "leave out column internal (model m) in f.yml");
    }

    [Fact]
    public void Without_a_base_the_persons_entries_are_kept_with_low_confidence_and_new_ones_added()
    {
        const string h = "models:\n  - name: m\n    description: mine\n    columns:\n      - name: a\n        description: the a\n      - name: old\n";
        const string g = "models:\n  - name: m\n    description: generated\n    columns:\n      - name: a\n      - name: b\n";

        var merged = ProjectMerge.Merge(null, Project(h), Project(g));

        Assert.Equal("models:\n  - name: m\n    description: mine\n    columns:\n      - name: a\n        description: the a\n      - name: b\n      - name: old\n", merged.Files["f.yml"]);
        Assert.Contains(merged.Decisions, d => d.Action == "keep column old (model m) in f.yml" && d.Confidence == 0.5);
    }

    [Fact]
    public void Scalar_lists_merge_as_sets()
    {
        const string b = "models:\n  - name: m\n    tags: [daily, shop]\n    config:\n      tags: ['x']\n";
        const string h = "models:\n  - name: m\n    tags: [daily, finance]\n    config:\n      tags: ['x']\n";
        const string g = "models:\n  - name: m\n    tags: [daily, shop, pii]\n    config:\n      tags: ['x', 'y']\n";

        Assert.Equal("models:\n  - name: m\n    tags: [daily, pii, finance]\n    config:\n      tags: ['x', 'y']\n", Merge(b, h, g).Files["f.yml"]);
    }

    private static MergedProject Merge(string b, string h, string g) => ProjectMerge.Merge(Project(b), Project(h), Project(g));

    private static ProjectFiles Project(string yaml) => new(new Dictionary<string, string> { ["f.yml"] = yaml });
}
