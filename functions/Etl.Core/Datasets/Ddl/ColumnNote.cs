using Etl.Core.Normalize;

namespace Etl.Core.Datasets.Ddl;

/// <summary>What a column's comment says: where its values come from in the input, or what a generated column holds.</summary>
internal static class ColumnNote
{
    public static string? Of(ColumnSchema column)
    {
        if (column.SourcePath.Length > 0) return "source: " + SqlText.OneLine(column.SourcePath);
        return column.Name switch
        {
            ReservedColumns.Key => "generated: the row's stable key",
            ReservedColumns.ParentKey => "generated: the parent row's _etl_key",
            ReservedColumns.RootKey => "generated: the root row's _etl_key",
            ReservedColumns.Position => "generated: the element's position in its array, from 0",
            _ => null,
        };
    }
}
