using Etl.Core.Datasets;
using Etl.Core.Json;

namespace Etl.Core.Normalize;

/// <summary>One data column of a table: where it comes from, its type, its leaf in the Parquet file, and its counts.</summary>
internal sealed class ColumnPlan(string name, InferredType type, bool nullable, string sourcePath, string? note)
{
    public string Name { get; } = name;

    /// <summary>The value type (for a LIST column, the element's).</summary>
    public InferredType Type { get; } = type;
    public bool Nullable { get; } = nullable;
    public string SourcePath { get; } = sourcePath;
    public string? Note { get; } = note;

    /// <summary>A Parquet LIST of <see cref="Type"/> (a scalar array kept in its row).</summary>
    public bool IsList { get; init; }
    public bool ElementNullable { get; init; }

    public int Leaf;

    /// <summary>The column's place among its table's data columns.</summary>
    public int Index;

    /// <summary>A hash seed of the column, so equal values in two columns add differently to a row's checksum.</summary>
    public ulong Seed;

    public ColumnType ColumnType => IsList ? ColumnType.ListOf(Scalar(Type)) : Scalar(Type);

    /// <summary>The field the Parquet schema is built from (<see cref="InferredSchema.ToParquetSchema"/>).</summary>
    public InferredField ToField() => IsList
        ? new InferredField(Name, InferredType.List, nullable: true, element: new InferredField("element", Type, ElementNullable))
        : new InferredField(Name, Type, Nullable);

    private static ColumnType Scalar(InferredType type) => type switch
    {
        InferredType.Boolean => ColumnType.Boolean,
        InferredType.Int64 => ColumnType.Int64,
        InferredType.Double => ColumnType.Double,
        InferredType.Date => ColumnType.Date,
        InferredType.Timestamp => ColumnType.Timestamp,
        InferredType.TimestampLocal => ColumnType.TimestampLocal,
        InferredType.Json => ColumnType.Json,
        _ => ColumnType.String,
    };
}
