using System.Text;
using Etl.Parquet.Meta;

namespace Etl.Core.Datasets.Ddl;

/// <summary>
/// One table as Athena and the Glue Data Catalog see it: an external table of Parquet files under one folder, with Hive
/// column types, a comment per column saying where its values come from, and a description naming the keys Athena does
/// not enforce. ddl.sql writes it as <c>CREATE EXTERNAL TABLE</c>; on AWS the catalog writes the same table to Glue, so
/// both show the same names, types, comments and location.
/// </summary>
/// <param name="Name">The table's name (Glue's and Athena's, unqualified).</param>
/// <param name="Description">The table's comment, at most <see cref="DescriptionLength"/> characters, on one line.</param>
/// <param name="Columns">The columns in the table's order.</param>
/// <param name="Location">The folder holding the table's Parquet files and nothing else, ending in '/'.</param>
/// <param name="Compression">Hive's <c>parquet.compression</c> value for the files' codec; null when Hive has no name for it.</param>
public sealed record ExternalTable(string Name, string Description, IReadOnlyList<ExternalColumn> Columns, string Location, string? Compression)
{
    /// <summary>Glue's limit on a column comment.</summary>
    public const int CommentLength = 255;

    /// <summary>Glue's limit on a table description.</summary>
    public const int DescriptionLength = 2048;

    /// <summary>The table <paramref name="table"/> becomes over <paramref name="folder"/> (a path or URL; a trailing '/' is added).</summary>
    public static ExternalTable Of(TableSchema table, string folder, CompressionCodec? compression = CompressionCodec.Snappy)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (table.Columns.Count == 0) throw new ArgumentException($"table '{table.Name}' has no columns: a table needs at least one to be created", nameof(table));
        var columns = new ExternalColumn[table.Columns.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            var column = table.Columns[i];
            columns[i] = new ExternalColumn(column.Name, HiveTypes.Of(column.Type), ColumnNote.Of(column) is { } note ? Cut(note, CommentLength) : null);
        }

        return new ExternalTable(table.Name, Cut(Describe(table), DescriptionLength), columns, folder.TrimEnd('/') + "/", CompressionName(compression));
    }

    /// <summary>The value of Hive's <c>parquet.compression</c> for a codec; null for codecs it has no name for.</summary>
    public static string? CompressionName(CompressionCodec? codec) => codec switch
    {
        CompressionCodec.Uncompressed => "UNCOMPRESSED",
        CompressionCodec.Snappy => "SNAPPY",
        CompressionCodec.Gzip => "GZIP",
        CompressionCodec.Zstd => "ZSTD",
        _ => null,
    };

    /// <summary><c>orders__items: child of orders; 12 rows; primary key (_etl_key); foreign keys _etl_parent_key → orders._etl_key</c>.</summary>
    private static string Describe(TableSchema table)
    {
        var text = new StringBuilder(table.Name);
        if (table.Parent is { } parent) text.Append(": child of ").Append(parent);
        text.Append(table.Parent is null ? ": " : "; ");
        text.Append(table.RowCount).Append(table.RowCount == 1 ? " row" : " rows");
        if (table.PrimaryKey.Count > 0) text.Append("; primary key (").AppendJoin(", ", table.PrimaryKey).Append(')');
        if (table.NaturalKey is { } natural) text.Append("; natural key (").AppendJoin(", ", natural.Columns).Append(')');
        for (var i = 0; i < table.ForeignKeys.Count; i++)
            text.Append(i == 0 ? "; foreign keys " : ", ").Append(table.ForeignKeys[i].ToString());
        return text.ToString();
    }

    private static string Cut(string text, int length)
    {
        var line = SqlText.OneLine(text);
        return line.Length > length ? line[..length] : line;
    }
}

/// <summary>One column of an <see cref="ExternalTable"/>.</summary>
/// <param name="Name">The column's name.</param>
/// <param name="HiveType">Its Hive type (<see cref="HiveTypes"/>), as the DDL writes it: <c>BIGINT</c>, <c>ARRAY&lt;STRING&gt;</c>.</param>
/// <param name="Comment">Where its values come from, on one line, at most <see cref="ExternalTable.CommentLength"/> characters; null when nothing is known.</param>
public sealed record ExternalColumn(string Name, string HiveType, string? Comment);
