using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Etl.Agents.Validation.Project;

namespace Etl.Agents.Validation.DataTests;

/// <summary>
/// The SQL dbt compiles each generic test to (dbt-core's <c>default__test_*</c> macros): a query returning the rows
/// that fail it. Column names that are plain lower-case identifiers are quoted (same meaning, and safe for keywords).
/// </summary>
internal static partial class GenericTestSql
{
    public static readonly string[] Supported = ["unique", "not_null", "relationships", "accepted_values"];

    /// <summary>The failing-rows query, or a reason the test cannot be compiled (missing argument).</summary>
    public static (string? Sql, string? Problem) Compile(GenericTestDefinition test, string relation, Func<string, (string? Relation, string? Problem)> resolve)
    {
        var model = test.Where is { } where ? $"(select * from {relation} where {where}) dbt_subquery" : relation;
        if (test.Column is null) return (null, $"{test.Test} needs a column: declare it under a column's data_tests, or give column_name");
        var column = Column(test.Column);
        switch (test.Test)
        {
            case "unique":
                return ($"select {column} as unique_field, count(*) as n_records from {model} where {column} is not null group by {column} having count(*) > 1", null);
            case "not_null":
                return ($"select * from {model} where {column} is null", null);
            case "relationships":
                {
                    if (DbtProject.Text(test.Arguments["to"]) is not { } to || DbtProject.Text(test.Arguments["field"]) is not { } field)
                        return (null, "relationships needs arguments to (ref('model') or source('s', 't')) and field");
                    var (parent, problem) = resolve(to);
                    if (parent is null) return (null, problem);
                    return ($"with child as (select {column} as from_field from {model} where {column} is not null), " +
                            $"parent as (select {Column(field)} as to_field from {parent}) " +
                            "select from_field from child left join parent on child.from_field = parent.to_field where parent.to_field is null", null);
                }
            case "accepted_values":
                {
                    if (test.Arguments["values"] is not JsonArray values || values.Count == 0) return (null, "accepted_values needs a non-empty values list");
                    var quote = test.Arguments["quote"] is not JsonValue q || !q.TryGetValue<bool>(out var b) || b;
                    var list = new StringBuilder();
                    foreach (var value in values)
                    {
                        if (list.Length > 0) list.Append(", ");
                        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
                        list.Append(quote ? "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'" : text);
                    }
                    return ($"with all_values as (select {column} as value_field, count(*) as n_records from {model} group by {column}) " +
                            $"select * from all_values where value_field not in ({list})", null);
                }
            default:
                return (null, null);
        }
    }

    /// <summary>dbt's test name: <c>unique_orders_id</c>, <c>source_not_null_shop_orders_id</c>, <c>relationships_orders_customer_id__id__ref_customers_</c>.</summary>
    public static string Name(GenericTestDefinition test)
    {
        var name = new StringBuilder();
        if (test.Model is null) name.Append("source_");
        name.Append(test.Test).Append('_').Append(test.Model ?? $"{test.Source}_{test.Table}");
        if (test.Column is not null) name.Append('_').Append(test.Column);
        foreach (var key in (string[])["field", "to", "values"])
        {
            switch (test.Arguments[key])
            {
                case JsonArray array:
                    foreach (var item in array) name.Append("__").Append(Slug(item is JsonValue v && v.TryGetValue<string>(out var s) ? s : item?.ToJsonString() ?? "None"));
                    break;
                case JsonValue value:
                    name.Append("__").Append(Slug(value.ToString()));
                    break;
            }
        }
        return name.ToString();
    }

    private static string Slug(string text) => NonWord().Replace(text, "_");

    private static string Column(string name) => Identifier().IsMatch(name) ? "\"" + name + "\"" : name;

    [GeneratedRegex("^[a-z_][a-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"[^0-9a-zA-Z_]+")]
    private static partial Regex NonWord();
}
