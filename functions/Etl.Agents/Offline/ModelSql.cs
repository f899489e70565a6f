using System.Text;
using Etl.Agents.Dbt;

namespace Etl.Agents.Offline;

/// <summary>
/// A model's .sql file in dbt's style: import CTEs first (<c>source</c> for staging, one per ref otherwise), one
/// logical CTE, <c>select * from</c> it at the end; the config block only where the model differs from its folder.
/// </summary>
internal static class ModelSql
{
    private const string Indent = "    ";

    public static string Write(ModelSpec spec, string sourceName)
    {
        var sql = new StringBuilder();
        if (spec.Materialization == "incremental")
        {
            var key = spec.UniqueKey is { Count: 1 } one ? $"'{one[0]}'" : $"[{string.Join(", ", (spec.UniqueKey ?? []).Select(k => $"'{k}'"))}]";
            sql.Append($"{{{{ config(materialized='incremental', unique_key={key}, on_schema_change='append_new_columns') }}}}\n\n");
        }
        else if (spec.Layer == "marts" ? spec.Materialization != "table" : spec.Materialization != "view")
        {
            sql.Append($"{{{{ config(materialized='{spec.Materialization}') }}}}\n\n");
        }
        switch (spec.Kind)
        {
            case ModelKind.Staging:
                WriteStaging(sql, spec, sourceName);
                break;
            case ModelKind.Joined:
                WriteJoined(sql, spec);
                break;
            default:
                WriteSingle(sql, spec);
                break;
        }
        return sql.ToString();
    }

    private static void WriteStaging(StringBuilder sql, ModelSpec spec, string sourceName)
    {
        sql.Append("with source as (\n\n");
        sql.Append($"{Indent}select * from {{{{ source('{sourceName}', '{spec.Table.Schema.Name}') }}}}\n");
        if (spec.IncrementalOn is { } on) IncrementalFilter(sql, spec.Column(on)!.Expression, on, Indent);
        sql.Append("\n),\n\nrenamed as (\n\n");
        SelectList(sql, spec.Columns);
        sql.Append($"{Indent}from source\n\n)\n\nselect * from renamed\n");
    }

    private static void WriteJoined(StringBuilder sql, ModelSpec spec)
    {
        var join = spec.Join!.Value;
        sql.Append($"with child as (\n\n{Indent}select * from {{{{ ref('{spec.Inputs[0]}') }}}}\n\n),\n\n");
        sql.Append($"parent as (\n\n{Indent}select * from {{{{ ref('{join.ParentModel}') }}}}\n\n),\n\n");
        sql.Append("joined as (\n\n");
        SelectList(sql, spec.Columns);
        sql.Append($"{Indent}from child\n{Indent}left join parent\n{Indent}{Indent}on child.{SqlIdentifiers.Quote(join.ChildColumn)} = parent.{SqlIdentifiers.Quote(join.ParentColumn)}\n");
        if (spec.IncrementalOn is { } on) IncrementalFilter(sql, "child." + SqlIdentifiers.Quote(on), on, Indent);
        sql.Append("\n)\n\nselect * from joined\n");
    }

    private static void WriteSingle(StringBuilder sql, ModelSpec spec)
    {
        var input = spec.Inputs[0];
        const string cte = "upstream";
        sql.Append($"with {cte} as (\n\n{Indent}select * from {{{{ ref('{input}') }}}}\n\n),\n\n");
        sql.Append("final as (\n\n");
        SelectList(sql, spec.Columns);
        sql.Append($"{Indent}from {cte}\n");
        if (spec.Where is { } where) sql.Append($"{Indent}where {where}\n");
        if (spec.IncrementalOn is { } on)
        {
            if (spec.Where is null) IncrementalFilter(sql, SqlIdentifiers.Quote(on), on, Indent);
            else
            {
                sql.Append($"{Indent}{{% if is_incremental() %}}\n{Indent}and {SqlIdentifiers.Quote(on)} > (select max({SqlIdentifiers.Quote(on)}) from {{{{ this }}}})\n{Indent}{{% endif %}}\n");
            }
        }
        var groups = new List<int>();
        var anyAggregate = false;
        for (var i = 0; i < spec.Columns.Count; i++)
        {
            if (spec.Columns[i].Aggregated) anyAggregate = true;
            else groups.Add(i + 1);
        }
        if (anyAggregate && groups.Count > 0) sql.Append($"{Indent}group by {string.Join(", ", groups)}\n");
        sql.Append("\n)\n\nselect * from final\n");
    }

    private static void IncrementalFilter(StringBuilder sql, string expression, string column, string indent)
    {
        sql.Append($"{indent}{{% if is_incremental() %}}\n");
        sql.Append($"{indent}where {expression} > (select max({SqlIdentifiers.Quote(column)}) from {{{{ this }}}})\n");
        sql.Append($"{indent}{{% endif %}}\n");
    }

    private static void SelectList(StringBuilder sql, IReadOnlyList<OutputColumn> columns)
    {
        sql.Append($"{Indent}select\n");
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var name = SqlIdentifiers.Quote(column.Name);
            var expression = column.Expression;
            sql.Append(Indent).Append(Indent).Append(expression == name || expression.EndsWith("." + name, StringComparison.Ordinal) ? expression : $"{expression} as {name}");
            sql.Append(i + 1 < columns.Count ? ",\n" : "\n");
        }
    }
}
