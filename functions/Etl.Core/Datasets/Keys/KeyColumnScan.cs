using Etl.Parquet.File;

namespace Etl.Core.Datasets.Keys;

/// <summary>
/// Reads one top-level column of a table's Parquet file, row group by row group with one reused batch, and hashes its
/// non-null values: into a <see cref="KeyValueSet"/> (a referenced key), or against one (a referencing column).
/// </summary>
internal sealed class KeyColumnScan : IDisposable
{
    private readonly ParquetFileReader _reader;
    private readonly int _column;
    private ulong[] _hashes = [];

    private KeyColumnScan(ParquetFileReader reader, int column)
    {
        _reader = reader;
        _column = column;
    }

    /// <summary>Rows in the file.</summary>
    public long RowCount => _reader.RowCount;

    /// <summary>Opens the column named <paramref name="name"/>; null (and the stream closed) when the file has no such flat column.</summary>
    public static KeyColumnScan? Open(Stream parquet, string name)
    {
        ParquetFileReader reader;
        try
        {
            reader = new ParquetFileReader(parquet, leaveOpen: false);
        }
        catch
        {
            parquet.Dispose();
            throw;
        }
        var columns = reader.Schema.Columns;
        for (var c = 0; c < columns.Count; c++)
        {
            var column = columns[c];
            if (column.Path.Count == 1 && column.Path[0] == name && column.MaxRepetitionLevel == 0) return new KeyColumnScan(reader, c);
        }
        reader.Dispose();
        return null;
    }

    /// <summary>Adds every non-null value to <paramref name="set"/>.</summary>
    public void AddTo(KeyValueSet set, CancellationToken cancellationToken)
    {
        ColumnBatch? batch = null;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch = _reader.RowGroup(g).ReadColumn(_column, batch);
            var hashes = Hash(batch);
            for (var i = 0; i < hashes.Length; i++) set.Add(hashes[i]);
        }
    }

    /// <summary>
    /// The non-null values when every one of them is in <paramref name="set"/>; -1 at the first one that is not
    /// (the rest is not read).
    /// </summary>
    public long CountContainedIn(KeyValueSet set, CancellationToken cancellationToken)
    {
        ColumnBatch? batch = null;
        long values = 0;
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            batch = _reader.RowGroup(g).ReadColumn(_column, batch);
            var hashes = Hash(batch);
            for (var i = 0; i < hashes.Length; i++)
            {
                if (!set.Contains(hashes[i])) return -1;
            }
            values += hashes.Length;
        }
        return values;
    }

    private ReadOnlySpan<ulong> Hash(ColumnBatch batch)
    {
        if (_hashes.Length < batch.ValueCount) _hashes = new ulong[Math.Max(batch.ValueCount, _hashes.Length * 2)];
        var hashes = _hashes.AsSpan(0, batch.ValueCount);
        KeyValueHashes.Of(batch, hashes);
        return hashes;
    }

    public void Dispose() => _reader.Dispose();
}
