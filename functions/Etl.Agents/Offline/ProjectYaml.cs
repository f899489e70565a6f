using Etl.Agents.Dbt;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Offline;

/// <summary>The sources YAML and the models YAML of each folder, written from the blueprint.</summary>
internal static class ProjectYaml
{
    /// <summary>How stale a source may be before dbt warns and errors, for tables with a load timestamp.</summary>
    public static readonly (int Count, string Period) WarnAfter = (24, "hour"), ErrorAfter = (48, "hour");

    public static string Sources(AgentSource source, SourceModelNames names)
    {
        var tables = new YamlSeq();
        foreach (var table in source.Tables)
        {
            var entry = new YamlMap()
                .Add("name", table.Schema.Name)
                .Add("description", StagingModels.TableDescription(source, table) + $" {table.Schema.RowCount} rows when the project was written.");
            if (table.Location.Length > 0) entry.Add("meta", new YamlMap().Add("external_location", table.Location));
            if (ColumnRoles.LoadTimestamp(table) is { } loaded)
            {
                entry.Add("loaded_at_field", loaded.Name);
                entry.Add("freshness", new YamlMap()
                    .Add("warn_after", new YamlMap().Add("count", WarnAfter.Count).Add("period", WarnAfter.Period))
                    .Add("error_after", new YamlMap().Add("count", ErrorAfter.Count).Add("period", ErrorAfter.Period)));
            }
            var columns = new YamlSeq();
            foreach (var column in table.Schema.Columns)
            {
                var item = new YamlMap().Add("name", column.Name).Add("description", StagingModels.ColumnDescription(source, table, column))
                    .Add("data_type", SqlType(column.Type));
                if (SqlIdentifiers.NeedsQuotes(column.Name)) item.Add("quote", true);
                columns.Add(item);
            }
            entry.Add("columns", columns);
            tables.Add(entry);
        }
        var root = new YamlMap()
            .Add("version", 2)
            .Add("sources", new YamlSeq
            {
                new YamlMap()
                    .Add("name", source.Name)
                    .Add("description", $"The tables of {(source.Dataset is { } d ? $"the dataset {d}" + (source.DatasetVersion is { } v ? $" (version {v})" : "") : source.Name)}, " +
                        $"as normalization wrote them (job {source.JobId}).")
                    .Add("schema", source.Name)
                    .Add("tables", tables),
            });
        return YamlText.Write(root);
    }

    public static string Models(IEnumerable<ModelSpec> specs)
    {
        var models = new YamlSeq();
        foreach (var spec in specs)
        {
            var columns = new YamlSeq();
            foreach (var column in spec.Columns)
            {
                var item = new YamlMap().Add("name", column.Name).Add("description", column.Description);
                if (SqlIdentifiers.NeedsQuotes(column.Name)) item.Add("quote", true);
                if (column.Tests.Count > 0)
                {
                    var tests = new YamlSeq();
                    foreach (var test in column.Tests) tests.Add(Test(test));
                    item.Add("data_tests", tests);
                }
                columns.Add(item);
            }
            models.Add(new YamlMap().Add("name", spec.Name).Add("description", spec.Description).Add("columns", columns));
        }
        return YamlText.Write(new YamlMap().Add("version", 2).Add("models", models));
    }

    /// <summary>The column's type as SQL names it (DuckDB and Athena both read these names).</summary>
    public static string SqlType(ColumnType type) => type.Kind switch
    {
        ColumnKind.String or ColumnKind.Json => "varchar",
        ColumnKind.Boolean => "boolean",
        ColumnKind.Int32 => "integer",
        ColumnKind.Int64 => "bigint",
        ColumnKind.Decimal => $"decimal({type.Precision},{type.Scale})",
        ColumnKind.Double => "double",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp or ColumnKind.TimestampLocal => "timestamp",
        _ => $"array({SqlType(type.Element!)})",
    };

    private static object Test(DataTest test) => test.Test switch
    {
        "relationships" => new YamlMap().Add("relationships", new YamlMap().Add("to", $"ref('{test.To}')").Add("field", test.Field)),
        "accepted_values" => new YamlMap().Add("accepted_values", new YamlMap().Add("values", ValuesOf(test.Values!))),
        _ => test.Test,
    };

    private static YamlFlow ValuesOf(IReadOnlyList<string> values)
    {
        var flow = new YamlFlow();
        // Always quoted: a value like "yes" or "1" must stay text.
        foreach (var value in values) flow.Add(new YamlPlain(YamlText.Quoted(value)));
        return flow;
    }
}
