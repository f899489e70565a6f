namespace Etl.Core.Datasets.Keys;

/// <summary>The current tables of another dataset, whose keys a table may reference, and how to open their Parquet files.</summary>
/// <param name="Name">The dataset's name; a key into it references <c>{Name}.{table}</c>.</param>
/// <param name="Tables">Its current version's tables.</param>
/// <param name="Open">Opens a table's Parquet file as a readable, seekable stream (closed by the finder).</param>
public sealed record DatasetTables(string Name, TablesDocument Tables, Func<TableSchema, Stream> Open);

/// <summary>A foreign key found in the data, and the table it belongs to.</summary>
/// <param name="Table">The referencing table (of the dataset searched).</param>
/// <param name="Key">The key, with its <see cref="ForeignKey.Reason"/>.</param>
public sealed record FoundRelationship(string Table, ForeignKey Key);

/// <summary>What a search found, and what it could not check (a referenced key too large to hold, a file without the column).</summary>
public sealed record RelationshipSearch(IReadOnlyList<FoundRelationship> Keys, IReadOnlyList<string> Notes);
