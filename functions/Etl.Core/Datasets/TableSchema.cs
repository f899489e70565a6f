using System.Text.Json.Serialization;

namespace Etl.Core.Datasets;

/// <summary>One table of a dataset version (an entry of <c>tables</c> in tables.json), as far as its schema goes.</summary>
/// <param name="Name">The table's name (<c>orders</c>, <c>orders__items</c>).</param>
/// <param name="Parent">The table this one's rows hang off; null for a root table.</param>
/// <param name="PrimaryKey">The columns that identify a row, in key order.</param>
/// <param name="NaturalKey">A key found in the data; null when none was found.</param>
/// <param name="ForeignKeys">Joins to other tables.</param>
/// <param name="Columns">The columns in schema order.</param>
public sealed record TableSchema(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Parent,
    IReadOnlyList<string> PrimaryKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] NaturalKey? NaturalKey,
    IReadOnlyList<ForeignKey> ForeignKeys,
    IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>Rows in this version of the table.</summary>
    public long RowCount { get; init; }

    /// <summary>The table's Parquet file (<c>output/{jobId}/tables/{name}.parquet</c>); null for a schema read from elsewhere.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? File { get; init; }

    /// <summary>In == out: the rows the input says the table must have, the rows written, and a checksum of the rows.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TableValidation? Validation { get; init; }

    /// <summary>The column named <paramref name="name"/>, or null.</summary>
    public ColumnSchema? Column(string name)
    {
        foreach (var column in Columns)
        {
            if (column.Name == name) return column;
        }
        return null;
    }
}

/// <summary>A key detected from the data: unique, non-null and key-like.</summary>
/// <param name="Columns">The key's columns.</param>
/// <param name="Confidence">0–1.</param>
/// <param name="Reason">Why these columns were taken for the key.</param>
public sealed record NaturalKey(IReadOnlyList<string> Columns, double Confidence, string Reason);

/// <summary>A join from some of a table's columns to another table's key.</summary>
/// <param name="Columns">The referencing columns.</param>
/// <param name="References">The referenced table and columns.</param>
public sealed record ForeignKey(IReadOnlyList<string> Columns, KeyReference References)
{
    /// <summary>Why the key was taken, for a key found in the data (e.g. every value is a referenced value); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>The join as a reason names it: <c>user_id → users.id</c>.</summary>
    public override string ToString() =>
        $"{string.Join(", ", Columns)} → {References.Table}.{string.Join(", ", References.Columns)}";
}

/// <summary>The target of a <see cref="ForeignKey"/>.</summary>
/// <param name="Table">The referenced table; <c>dataset.table</c> for a table of another dataset.</param>
/// <param name="Columns">The referenced columns, in the order of the referencing ones.</param>
public sealed record KeyReference(string Table, IReadOnlyList<string> Columns);

/// <summary>
/// The in == out check of one table: <see cref="ExpectedRows"/> is counted from the input independently of the rows
/// written (input records for the root table, elements of the array for a child table), <see cref="Rows"/> is what the
/// Parquet file holds, and <see cref="Checksum"/> is an order-independent hash of the rows' values, so two loads of
/// the same data can be compared without reading them.
/// </summary>
public sealed record TableValidation(long ExpectedRows, long Rows, string Checksum)
{
    /// <summary>True when every expected row was written.</summary>
    public bool Holds => ExpectedRows == Rows;
}
