using System.Text.Json.Nodes;

namespace Etl.Core.Datasets.Samples;

/// <summary>A column's value in a row read back from its Parquet file.</summary>
internal static class RowValues
{
    /// <summary>
    /// The value under the column's name (normalized tables are written with the catalog's names); otherwise the one at
    /// its source path through nested objects (a file loaded as it is keeps its own names and structs, and its
    /// <see cref="ColumnSchema.SourcePath"/> is the Parquet path). Null when the value is null or absent.
    /// </summary>
    public static JsonNode? Of(JsonObject row, ColumnSchema column)
    {
        if (row.TryGetPropertyValue(column.Name, out var value)) return value;
        JsonNode? node = row;
        foreach (var segment in column.SourcePath.Split('.'))
        {
            if (node is not JsonObject parent || !parent.TryGetPropertyValue(segment, out node)) return null;
        }

        return node;
    }
}
