using Etl.Core.Normalize;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Core.Datasets;

/// <summary>
/// Describes one Parquet file as a one-table dataset version from its footer alone (no data is read): what the catalog
/// registers for a Parquet upload or a flat JSON conversion.
/// </summary>
/// <remarks>
/// The table is named after the dataset and every column goes through <see cref="TableNamer"/>; a struct is flattened
/// into <c>a__b</c> columns as normalization would, and <see cref="ColumnSchema.SourcePath"/> keeps the Parquet path
/// (<c>a.b</c>). A list of scalars (or of lists of scalars) is <c>LIST&lt;…&gt;</c>; a list of structs and a map have
/// no column type of their own and are <c>JSON</c>, the text the conversion gives them. Types the catalog has no kind for
/// become the kind their JSON text reads as: unsigned 64-bit as <c>DECIMAL(20,0)</c>, FLOAT as <c>DOUBLE</c>, binary,
/// UUID, time of day and interval as <c>STRING</c>. Null counts come from the column chunks' statistics, summed over row
/// groups, and are unknown (null) when a chunk has none or the column is a list.
/// </remarks>
public static class ParquetTableSchema
{
    /// <summary>The tables document of <paramref name="reader"/>'s file as the dataset <paramref name="dataset"/>'s only table.</summary>
    /// <param name="reader">An open reader (its footer is all that is used).</param>
    /// <param name="dataset">The dataset's name; the table is named after it.</param>
    /// <param name="file">The storage key of the file, recorded as the table's <see cref="TableSchema.File"/>.</param>
    public static TablesDocument Describe(ParquetFileReader reader, string dataset, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var namer = new TableNamer(dataset);
        var table = namer.RootTable;
        var columns = new List<ColumnSchema>();
        foreach (var field in reader.Schema.Root.Children)
        {
            Add(reader, namer, table, field, [field.Name], nullableAbove: false, columns);
        }

        var schema = new TableSchema(table, null, [], null, [], columns) { RowCount = reader.RowCount, File = file };
        var recommendation = new LayoutRecommendation(TableLayout.Denormalized, 1,
            "the file was loaded as it is: one table, with nested fields flattened into columns");
        return new TablesDocument([schema], recommendation, reader.RowCount, [.. namer.Aliases]);
    }

    private static void Add(ParquetFileReader reader, TableNamer namer, string table, SchemaNode node, List<string> path,
        bool nullableAbove, List<ColumnSchema> columns)
    {
        // A bare repeated field is an empty list when absent, never null.
        var nullable = nullableAbove || node.Repetition == FieldRepetitionType.Optional;
        var source = string.Join('.', path);
        if (node.Repetition == FieldRepetitionType.Repeated || IsList(node))
        {
            // A bare repeated field is a list that is never null.
            columns.Add(new ColumnSchema(namer.ColumnName(table, path), ListType(node), nullable, source));
            return;
        }

        if (node.IsLeaf)
        {
            columns.Add(new ColumnSchema(namer.ColumnName(table, path), TypeOf(node.Column!), nullable, source,
                nullable ? NullCount(reader, node.Column!.Index) : 0));
            return;
        }

        if (IsMap(node))
        {
            columns.Add(new ColumnSchema(namer.ColumnName(table, path), ColumnType.Json, nullable, source));
            return;
        }

        foreach (var child in node.Children)
        {
            Add(reader, namer, table, child, [.. path, child.Name], nullable, columns);
        }
    }

    /// <summary>LIST&lt;element&gt; of a LIST group or a bare repeated field; JSON when an element, at any depth, has fields.</summary>
    private static ColumnType ListType(SchemaNode node) =>
        ElementOf(node) is { } element && ElementType(element) is { } type ? ColumnType.ListOf(type) : ColumnType.Json;

    // The node holding one element's value, in the standard three-level form and the legacy two-level ones (where the
    // repeated node is the element itself); a bare repeated field holds its own values; null for a bare repeated group.
    private static SchemaNode? ElementOf(SchemaNode node)
    {
        if (!IsList(node)) return node.IsLeaf ? node : null;
        var repeated = node.Children[0];
        if (repeated.IsLeaf) return repeated;
        return repeated.Children.Count == 1 && repeated.Name != "array" && repeated.Name != node.Name + "_tuple"
            ? repeated.Children[0]
            : repeated;
    }

    // A scalar, a nested list, or null for an element with fields.
    private static ColumnType? ElementType(SchemaNode element)
    {
        if (element.IsLeaf) return TypeOf(element.Column!);
        return IsList(element) && ListType(element) is { Kind: ColumnKind.List } list ? list : null;
    }

    private static bool IsList(SchemaNode node) =>
        node.HasAnnotation(LogicalTypeKind.List, ConvertedType.List)
        && node.Children.Count == 1 && node.Children[0].Repetition == FieldRepetitionType.Repeated;

    private static bool IsMap(SchemaNode node) =>
        node.HasAnnotation(LogicalTypeKind.Map, ConvertedType.Map) || node.Element.ConvertedType == ConvertedType.MapKeyValue;

    private static ColumnType TypeOf(ColumnDescriptor column) => column.Kind switch
    {
        ValueKind.Boolean => ColumnType.Boolean,
        ValueKind.Int32 => ColumnType.Int32,
        ValueKind.UInt32 or ValueKind.Int64 => ColumnType.Int64,
        ValueKind.UInt64 => ColumnType.Decimal(20, 0),
        ValueKind.Float or ValueKind.Double or ValueKind.Float16 => ColumnType.Double,
        ValueKind.Decimal when column.Precision is >= 1 and <= 38 && column.Scale >= 0 && column.Scale <= column.Precision =>
            ColumnType.Decimal(column.Precision, column.Scale),
        ValueKind.Json => ColumnType.Json,
        ValueKind.Date => ColumnType.Date,
        ValueKind.Int96Timestamp => ColumnType.Timestamp,
        ValueKind.TimestampMillis or ValueKind.TimestampMicros or ValueKind.TimestampNanos =>
            column.IsAdjustedToUtc ? ColumnType.Timestamp : ColumnType.TimestampLocal,
        _ => ColumnType.String,
    };

    private static long? NullCount(ParquetFileReader reader, int leaf)
    {
        long total = 0;
        foreach (var group in reader.Metadata.RowGroups)
        {
            if (leaf >= group.Columns.Count || group.Columns[leaf].MetaData?.Statistics?.NullCount is not { } nulls) return null;
            total += nulls;
        }

        return total;
    }
}
