namespace Etl.Core.Normalize;

/// <summary>Writes each table to <c>{folder}/{table}/{table}.parquet</c> (a folder per table, as Athena and Glue read every file under a LOCATION).</summary>
public sealed class DirectoryTableSink(string folder) : ITableSink
{
    /// <summary>The folder the tables are written under.</summary>
    public string Folder { get; } = folder;

    /// <inheritdoc/>
    public Stream Create(string table)
    {
        var directory = Path.Combine(Folder, table);
        Directory.CreateDirectory(directory);
        return new FileStream(Path.Combine(directory, table + ".parquet"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
    }

    /// <inheritdoc/>
    public string FileOf(string table) => $"{table}/{table}.parquet";

    /// <summary>The local path of the table's file.</summary>
    public string PathOf(string table) => Path.Combine(Folder, table, table + ".parquet");
}
