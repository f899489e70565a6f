using System.Globalization;
using Etl.Agents.Dbt;
using Etl.Core.Agents;
using Etl.Core.Datasets;

namespace Etl.Agents.Offline;

/// <summary>One staging model per source table: every column named as the catalog names it, cast where its type calls for it, tested from the data.</summary>
internal static class StagingModels
{
    /// <summary>Longer values (URLs, sentences) make a column a free-text one, whatever its cardinality.</summary>
    public const int MaxAcceptedValueLength = 64;

    public static ModelSpec Plan(SourceModelNames names, SourceTable table)
    {
        var schema = table.Schema;
        var casts = new List<string>();
        var spec = new ModelSpec
        {
            Name = names.Staging(table),
            Layer = ModelLayers.Staging,
            Kind = ModelKind.Staging,
            Table = table,
            Inputs = [$"{names.Source.Name}:{schema.Name}"],
            Description = TableDescription(names.Source, table),
        };
        foreach (var column in schema.Columns)
        {
            var (expression, type, mapping) = Cast(column);
            if (mapping == "transformed") casts.Add($"{column.Name} ({column.Type.Name} → {type.Name})");
            spec.Columns.Add(new OutputColumn(column.Name, expression, type, ColumnDescription(names.Source, table, column), mapping, column.Name));
        }
        AddTests(names, table, spec);
        var tests = spec.Columns.Sum(c => c.Tests.Count);
        spec.Decision = new AgentDecision($"add staging model {spec.Name}", 0.95,
                $"one staging model per source table: {schema.Name} ({schema.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows, {schema.Columns.Count} columns); " +
                "column names kept from the catalog (already snake_case)" +
                (casts.Count > 0 ? $"; cast: {string.Join(", ", casts.Take(8))}{(casts.Count > 8 ? $" and {casts.Count - 8} more" : "")}" : "; no cast needed (Parquet types kept)") +
                $"; {tests} data test(s) chosen from the keys and the profile");
        return spec;
    }

    /// <summary>The expression that gives a column its staged type: timestamps without zone, JSON as text.</summary>
    public static (string Expression, ColumnType Type, string Mapping) Cast(ColumnSchema column)
    {
        var name = SqlIdentifiers.Quote(column.Name);
        return column.Type.Kind switch
        {
            ColumnKind.Timestamp or ColumnKind.TimestampLocal => ($"cast({name} as timestamp)", ColumnType.TimestampLocal, "transformed"),
            ColumnKind.Json => ($"cast({name} as varchar)", ColumnType.String, "transformed"),
            _ => (name, column.Type, "direct"),
        };
    }

    public static string TableDescription(AgentSource source, SourceTable table)
    {
        var schema = table.Schema;
        var text = schema.Parent is null
            ? $"One row per record of {source.Name} ({schema.Name})"
            : $"One row per element of an array of {schema.Parent}, from {PathOf(schema)} (the table {schema.Name})";
        if (schema.NaturalKey is { } key) text += $"; natural key {string.Join(", ", key.Columns)}";
        return text + ".";
    }

    private static string PathOf(TableSchema schema)
    {
        foreach (var column in schema.Columns)
        {
            if (column.Name == ColumnRoles.Position && column.SourcePath.Length > 0)
                return column.SourcePath.Replace(" (position)", "", StringComparison.Ordinal);
        }
        return schema.Name;
    }

    public static string ColumnDescription(AgentSource source, SourceTable table, ColumnSchema column)
    {
        var text = column.Name switch
        {
            ColumnRoles.Key => "The row's key, added by normalization" + (column.Note is { } note ? $": {note}" : ""),
            ColumnRoles.ParentKey => $"The key (_etl_key) of the parent row in {table.Schema.Parent ?? "the parent table"}",
            ColumnRoles.RootKey => $"The key (_etl_key) of the root row in {source.Tables[0].Schema.Name}",
            ColumnRoles.Position => $"The element's zero-based position in its array ({column.SourcePath})",
            _ => $"{column.Type.Name} from {column.SourcePath}" + (column.Note is { } note ? $" ({note})" : ""),
        };
        return text.EndsWith('.') ? text : text + ".";
    }

    private static void AddTests(SourceModelNames names, SourceTable table, ModelSpec spec)
    {
        var schema = table.Schema;
        var rows = schema.RowCount;
        bool ZeroNulls(string column) => schema.Column(column) is { } c && ColumnRoles.NullCount(table, c) == 0;

        if (schema.PrimaryKey.Count == 1 && spec.Column(schema.PrimaryKey[0]) is { } primary)
        {
            primary.Tests.Add(new DataTest("unique", null, null, null, "the primary key: one value per row"));
            primary.Tests.Add(new DataTest("not_null", null, null, null, "the primary key: every row has one"));
        }
        else
        {
            foreach (var column in schema.PrimaryKey)
                spec.Column(column)?.Tests.Add(new DataTest("not_null", null, null, null, "a primary key column"));
        }

        if (schema.NaturalKey is { Columns.Count: 1 } natural && spec.Column(natural.Columns[0]) is { } naturalColumn && !HasTest(naturalColumn, "unique"))
        {
            naturalColumn.Tests.Add(new DataTest("unique", null, null, null, $"the natural key found in the data ({natural.Reason})"));
            if (ZeroNulls(naturalColumn.Name)) naturalColumn.Tests.Add(new DataTest("not_null", null, null, null, "the natural key, and the profile counts no nulls"));
        }

        foreach (var foreignKey in schema.ForeignKeys)
        {
            if (foreignKey.Columns.Count != 1 || spec.Column(foreignKey.Columns[0]) is not { } column) continue;
            if (names.Source.Table(foreignKey.References.Table) is not { } referenced) continue;
            if (referenced.Schema.Column(foreignKey.References.Columns[0]) is null) continue;
            if (!HasTest(column, "not_null") && ZeroNulls(column.Name))
                column.Tests.Add(new DataTest("not_null", null, null, null, "a foreign key the profile shows always set"));
            if (column.Tests.Exists(t => t.Test == "relationships" && t.To == names.Staging(referenced))) continue;
            column.Tests.Add(new DataTest("relationships", names.Staging(referenced), foreignKey.References.Columns[0], null,
                $"the foreign key {foreignKey}" + (foreignKey.Reason is { } reason ? $": {reason}" : column.Name is ColumnRoles.ParentKey or ColumnRoles.RootKey ? ": written by normalization" : "")));
        }

        foreach (var column in schema.Columns)
        {
            if (ColumnRoles.IsReserved(column.Name) || spec.Column(column.Name) is not { } output) continue;
            if (!HasTest(output, "not_null") && rows > 0 && ColumnRoles.IsIdLike(column.Name) && ZeroNulls(column.Name))
                output.Tests.Add(new DataTest("not_null", null, null, null, $"an identifier the profile shows set on all {rows} rows"));
            if (AcceptedValues(table, column) is { } values)
                output.Tests.Add(new DataTest("accepted_values", null, null, values,
                    $"a low-cardinality text column: {values.Count} distinct value(s) over {rows} rows, read from the data"));
        }
    }

    /// <summary>The values an accepted_values test may list, or null when the column is not categorical enough to test.</summary>
    private static IReadOnlyList<string>? AcceptedValues(SourceTable table, ColumnSchema column)
    {
        if (!table.CategoricalValues.TryGetValue(column.Name, out var values) || values.Count == 0) return null;
        // Past the rows read for values, a value may be missing from the list.
        if (table.Schema.RowCount > Pipeline.SourceTables.CategoricalScanRows) return null;
        var nonNull = table.Schema.RowCount - (ColumnRoles.NullCount(table, column) ?? 0);
        if (values.Count >= nonNull) return null;
        foreach (var value in values)
        {
            // dbt's accepted_values writes each value between single quotes without escaping.
            if (value.Length > MaxAcceptedValueLength) return null;
            if (value.Contains('\'', StringComparison.Ordinal) || value.Contains('\\', StringComparison.Ordinal) || value.Any(char.IsControl)) return null;
        }
        return values;
    }

    private static bool HasTest(OutputColumn column, string test) => column.Tests.Exists(t => t.Test == test);
}
