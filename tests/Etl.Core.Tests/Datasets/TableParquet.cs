using System.Collections;
using System.Numerics;
using Etl.Core.Datasets;
using Etl.Parquet.File;
using Etl.Parquet.Meta;
using Etl.Parquet.Schema;

namespace Etl.Core.Tests.Datasets;

/// <summary>
/// Writes a table's rows with our Parquet writer, in the layout a normalized table has: one top-level column per
/// <see cref="ColumnSchema"/> (a LIST column as the standard three-level list). Values: string (STRING, JSON), bool,
/// int, long, decimal, double, DateOnly, DateTime (TIMESTAMP: UTC; TIMESTAMP_LOCAL: wall clock), IList (LIST), null.
/// </summary>
internal static class TableParquet
{
    public static void Write(string path, TableSchema table, IReadOnlyList<object?[]> rows)
    {
        var schema = new List<SchemaElement> { new() { Name = "schema", NumChildren = table.Columns.Count } };
        foreach (var column in table.Columns) AddColumn(schema, column);
        using var writer = new ParquetFileWriter(System.IO.File.Create(path), schema);
        var batches = writer.CreateBatches();
        foreach (var row in rows)
        {
            for (var c = 0; c < table.Columns.Count; c++) Append(batches[c], table.Columns[c].Type, row[c]);
        }
        writer.WriteRowGroup(batches, rows.Count);
        writer.Close();
    }

    private static void AddColumn(List<SchemaElement> schema, ColumnSchema column)
    {
        var repetition = column.Nullable ? FieldRepetitionType.Optional : FieldRepetitionType.Required;
        if (column.Type.Kind == ColumnKind.List)
        {
            schema.Add(new SchemaElement
            {
                Name = column.Name, RepetitionType = repetition, NumChildren = 1,
                ConvertedType = ConvertedType.List, LogicalType = new LogicalType { Kind = LogicalTypeKind.List },
            });
            schema.Add(new SchemaElement { Name = "list", RepetitionType = FieldRepetitionType.Repeated, NumChildren = 1 });
            schema.Add(Leaf("element", FieldRepetitionType.Optional, column.Type.Element!));
            return;
        }
        schema.Add(Leaf(column.Name, repetition, column.Type));
    }

    private static SchemaElement Leaf(string name, FieldRepetitionType repetition, ColumnType type)
    {
        var leaf = new SchemaElement { Name = name, RepetitionType = repetition };
        switch (type.Kind)
        {
            case ColumnKind.Boolean: leaf.Type = PhysicalType.Boolean; break;
            case ColumnKind.Int32: leaf.Type = PhysicalType.Int32; break;
            case ColumnKind.Int64: leaf.Type = PhysicalType.Int64; break;
            case ColumnKind.Double: leaf.Type = PhysicalType.Double; break;
            case ColumnKind.Date:
                leaf.Type = PhysicalType.Int32;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Date };
                break;
            case ColumnKind.Timestamp or ColumnKind.TimestampLocal:
                leaf.Type = PhysicalType.Int64;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Timestamp, IsAdjustedToUtc = type.Kind == ColumnKind.Timestamp, Unit = TimeUnit.Micros };
                break;
            case ColumnKind.Decimal:
                leaf.Type = type.Precision <= 9 ? PhysicalType.Int32 : type.Precision <= 18 ? PhysicalType.Int64 : PhysicalType.FixedLenByteArray;
                if (leaf.Type == PhysicalType.FixedLenByteArray) leaf.TypeLength = 16;
                leaf.Scale = type.Scale;
                leaf.Precision = type.Precision;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Decimal, Precision = type.Precision, Scale = type.Scale };
                break;
            case ColumnKind.Json:
                leaf.Type = PhysicalType.ByteArray;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.Json };
                break;
            default:
                leaf.Type = PhysicalType.ByteArray;
                leaf.LogicalType = new LogicalType { Kind = LogicalTypeKind.String };
                break;
        }
        return leaf;
    }

    private static void Append(ColumnBatch batch, ColumnType type, object? value)
    {
        var column = batch.Column;
        if (type.Kind != ColumnKind.List)
        {
            if (value is null)
            {
                batch.AppendLevels(0, 0);
                return;
            }
            batch.AppendLevels(column.MaxDefinitionLevel, 0);
            AppendValue(batch, type, value);
            return;
        }
        // Three-level list: the list's own level (if optional), the repeated level, the element's (optional) level.
        var max = column.MaxDefinitionLevel;
        if (value is null)
        {
            batch.AppendLevels(0, 0);
            return;
        }
        var list = (IList)value;
        if (list.Count == 0)
        {
            batch.AppendLevels(max - 2, 0);
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                batch.AppendLevels(max - 1, i == 0 ? 0 : 1);
                continue;
            }
            batch.AppendLevels(max, i == 0 ? 0 : 1);
            AppendValue(batch, type.Element!, list[i]!);
        }
    }

    private static void AppendValue(ColumnBatch batch, ColumnType type, object value)
    {
        switch (type.Kind)
        {
            case ColumnKind.Boolean: batch.AppendBoolean((bool)value); break;
            case ColumnKind.Int32: batch.AppendInt32((int)value); break;
            case ColumnKind.Int64: batch.AppendInt64((long)value); break;
            case ColumnKind.Double: batch.AppendDouble((double)value); break;
            case ColumnKind.Date: batch.AppendInt32(((DateOnly)value).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber); break;
            case ColumnKind.Timestamp or ColumnKind.TimestampLocal:
                batch.AppendInt64((((DateTime)value).Ticks - DateTime.UnixEpoch.Ticks) / 10);
                break;
            case ColumnKind.Decimal:
                var unscaled = new BigInteger((decimal)value * (decimal)Math.Pow(10, type.Scale));
                switch (batch.Column.PhysicalType)
                {
                    case PhysicalType.Int32: batch.AppendInt32((int)unscaled); break;
                    case PhysicalType.Int64: batch.AppendInt64((long)unscaled); break;
                    default:
                        var bytes = unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
                        var fixedBytes = new byte[16];
                        if (unscaled.Sign < 0) fixedBytes.AsSpan().Fill(0xFF);
                        bytes.CopyTo(fixedBytes, 16 - bytes.Length);
                        batch.AppendFixed(fixedBytes);
                        break;
                }
                break;
            default: batch.AppendBytes(System.Text.Encoding.UTF8.GetBytes((string)value)); break;
        }
    }
}
