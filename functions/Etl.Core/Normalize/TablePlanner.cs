using System.Globalization;
using Etl.Core.Datasets;
using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>
/// Turns the inferred schema, the survey and the options into tables: the root, a child table per array of objects
/// or of scalars (or a LIST column when the options say), a key/value table per map, objects flattened into
/// <c>a__b</c> columns, arrays past the nesting limit kept as JSON text. Every name comes from the
/// <see cref="TableNamer"/>, asked in schema order (so the same input gives the same names).
/// </summary>
internal sealed class TablePlanner(NormalizeOptions options, TableNamer namer, ShapeSurvey survey)
{
    private readonly List<TablePlan> _tables = [];

    /// <summary>Every table, the root first and each child after its parent.</summary>
    public IReadOnlyList<TablePlan> Tables => _tables;

    public TablePlan Plan(InferredSchema schema)
    {
        var root = new TablePlan(namer.RootTable, null, TableKind.Root, "", 0) { ExpectedRows = survey.Records };
        _tables.Add(root);
        if (schema.WrapsValues)
        {
            var field = schema.Fields[0];
            root.Value = root.Add(new ColumnPlan(namer.ColumnName(root.Name, [InferredSchema.ValueColumn]), ScalarOrJson(field.Type),
                field.Nullable, "", field.Type is InferredType.Struct or InferredType.List ? "records that are arrays or objects: stored as JSON text" : field.Note));
        }
        else
        {
            var direct = new Dictionary<string, ColumnPlan>(StringComparer.Ordinal);
            root.Row = Object(schema.Fields, survey.Root, root, [], false, "", "", options.MaxTableNesting, direct);
            ChooseNaturalKey(root, survey.Root, direct);
        }
        return root;
    }

    private FieldPlan Object(IReadOnlyList<InferredField> fields, SurveyNode? node, TablePlan table, List<string> keys, bool nullable,
        string optionPath, string sourcePath, int remaining, Dictionary<string, ColumnPlan>? direct)
    {
        var plan = Field(FieldKind.Object, fields: new FieldTable<FieldPlan>());
        foreach (var field in fields)
        {
            var child = node?.Child(field.Name);
            List<string> path = [.. keys, field.Name];
            var option = Join(optionPath, field.Name);
            var source = Join(sourcePath, field.Name);
            var budget = options.For(option)?.MaxTableNesting ?? remaining;
            var columnNullable = nullable || field.Nullable;
            FieldPlan made;
            if (child is { IsMap: true } && (field.Type == InferredType.Struct || (field.Type == InferredType.Json && child.Objects == child.Present - child.Nulls)))
            {
                made = budget > 0
                    ? Field(FieldKind.MapTable, table: Map(field, child, table, path, option, source, budget - 1))
                    : JsonColumn(table, path, source, $"a map (data-like keys) nested deeper than maxTableNesting allows: kept as JSON text");
            }
            else if (field.Type == InferredType.Struct)
            {
                made = Object(field.Fields, child, table, path, columnNullable, option, source, budget, null);
            }
            else if (field.Type == InferredType.List)
            {
                made = Array(field, child, table, path, option, source, budget);
            }
            else
            {
                var column = table.Add(new ColumnPlan(namer.ColumnName(table.Name, path), field.Type, columnNullable, source, field.Note));
                made = Field(FieldKind.Column, column);
                direct?.Add(field.Name, column);
            }
            plan.Fields!.Add(field.Name, made);
        }
        return plan;
    }

    private FieldPlan Array(InferredField field, SurveyNode? node, TablePlan table, List<string> keys, string optionPath, string sourcePath, int budget)
    {
        var element = field.Element!;
        var layout = options.For(optionPath)?.Arrays;
        var objects = element.Type == InferredType.Struct;
        if (layout == ScalarArrayLayout.List && objects)
            throw new NormalizeOptionsException($"paths.\"{optionPath}\".arrays is \"list\", but {sourcePath} holds objects; \"list\" keeps arrays of scalars in their row (arrays of objects are always tables, or JSON text past maxTableNesting)");
        if (layout == ScalarArrayLayout.List && element.Type != InferredType.List)
        {
            var list = table.Add(new ColumnPlan(namer.ColumnName(table.Name, keys), ScalarOrJson(element.Type), true, sourcePath, element.Note)
            {
                IsList = true,
                ElementNullable = element.Nullable,
            });
            return Field(FieldKind.Column, list);
        }
        if (budget <= 0)
            return JsonColumn(table, keys, sourcePath, $"an array nested deeper than maxTableNesting ({options.MaxTableNesting}, or the path's own setting) allows: kept as JSON text");

        var name = namer.TableName(table.Name, keys);
        var elementNode = node?.Element;
        var child = new TablePlan(name, table, objects ? TableKind.Objects : TableKind.Scalars, sourcePath + "[]", table.Depth + 1)
        {
            ExpectedRows = node?.Elements ?? 0,
            MaxPerParent = node?.MaxElements ?? 0,
        };
        table.Children.Add(child);
        child.Index = _tables.Count;
        _tables.Add(child);
        if (objects)
        {
            var direct = new Dictionary<string, ColumnPlan>(StringComparer.Ordinal);
            // A null element is a row of nulls: every column of a table whose array holds nulls is nullable.
            child.Row = Object(element.Fields, elementNode, child, [], element.Nullable, optionPath, sourcePath + "[]", budget - 1, direct);
            ChooseNaturalKey(child, elementNode, direct);
        }
        else
        {
            var note = element.Type == InferredType.List ? "arrays inside arrays: each inner array stored as JSON text" : element.Note;
            child.Value = child.Add(new ColumnPlan(namer.ColumnName(name, [InferredSchema.ValueColumn]), ScalarOrJson(element.Type), element.Nullable, sourcePath + "[]", note));
        }
        return Field(FieldKind.ChildTable, table: child);
    }

    private TablePlan Map(InferredField field, SurveyNode node, TablePlan table, List<string> keys, string optionPath, string sourcePath, int budget)
    {
        var name = namer.TableName(table.Name, keys);
        var map = new TablePlan(name, table, TableKind.Map, sourcePath + ".*", table.Depth + 1) { ExpectedRows = node.Properties };
        table.Children.Add(map);
        map.Index = _tables.Count;
        _tables.Add(map);
        map.MapKey = map.Add(new ColumnPlan(namer.ColumnName(name, ["key"]), InferredType.String, false, sourcePath + ".{key}", "the map's keys"));
        var values = field.Type == InferredType.Struct
            ? FieldMerge.Values(field, InferredSchema.ValueColumn)
            : new InferredField(InferredSchema.ValueColumn, InferredType.Json, true, note: field.Note);
        if (values.Type == InferredType.Struct)
        {
            map.Row = Object(values.Fields, node.MapValue, map, [], values.Nullable, optionPath + ".*", sourcePath + ".*", budget, null);
        }
        else
        {
            var note = values.Type == InferredType.List ? "arrays as map values: stored as JSON text" : values.Note;
            map.Value = map.Add(new ColumnPlan(namer.ColumnName(name, [InferredSchema.ValueColumn]), ScalarOrJson(values.Type), values.Nullable, sourcePath + ".*", note));
        }
        return map;
    }

    private FieldPlan JsonColumn(TablePlan table, List<string> keys, string source, string note) =>
        Field(FieldKind.Column, table.Add(new ColumnPlan(namer.ColumnName(table.Name, keys), InferredType.Json, true, source, note)));

    /// <summary>
    /// The natural key: a direct column, unique and non-null in every row of the table, key-like by name or holding
    /// only UUIDs. The most confident wins (the first in schema order on a tie).
    /// </summary>
    private static void ChooseNaturalKey(TablePlan table, SurveyNode? node, Dictionary<string, ColumnPlan> direct)
    {
        if (node?.Fields is not { } fields || table.ExpectedRows == 0) return;
        double best = 0;
        for (var i = 0; i < fields.Count; i++)
        {
            var candidate = fields[i].Candidate;
            if (candidate is null || !candidate.Alive || candidate.GaveUp is not null) continue;
            if (candidate.Values != table.ExpectedRows) continue;
            if (!direct.TryGetValue(fields.NameAt(i), out var column) || column.Type is not (InferredType.String or InferredType.Int64)) continue;
            var uuid = candidate.AllUuids && column.Type == InferredType.String;
            var confidence = Math.Max(candidate.NameScore, uuid ? 0.8 : 0);
            if (uuid && candidate.NameScore > 0) confidence = Math.Min(0.99, confidence + 0.05);
            if (table.ExpectedRows < 10) confidence *= 0.6;
            if (confidence <= best) continue;
            best = confidence;
            var rows = table.ExpectedRows.ToString("N0", CultureInfo.InvariantCulture);
            var why = string.Join("; ", new[] { candidate.NameReason, uuid ? "every value a UUID" : "" }.Where(s => s.Length > 0));
            var few = table.ExpectedRows < 10 ? " (few rows: lower confidence)" : "";
            table.NaturalKeyColumn = column;
            table.NaturalKeyName = System.Text.Encoding.UTF8.GetBytes(fields.NameAt(i));
            table.NaturalKey = new NaturalKey([column.Name], Math.Round(confidence, 2),
                $"unique and non-null in all {rows} rows; {why}{few}");
        }
    }

    /// <summary>Every field plan of every table, in the order made (a reader keeps one stamp per field plan).</summary>
    public int FieldCount { get; private set; }

    private FieldPlan Field(FieldKind kind, ColumnPlan? column = null, TablePlan? table = null, FieldTable<FieldPlan>? fields = null) =>
        new(kind) { Id = FieldCount++, Column = column, Table = table, Fields = fields };

    private static InferredType ScalarOrJson(InferredType type) => type is InferredType.Struct or InferredType.List ? InferredType.Json : type;

    private static string Join(string prefix, string key) => prefix.Length == 0 ? key : prefix + "." + key;
}
